// work-orders as payments sees it, played on a test's bus: the work orders it would publish
// (work-orders.work-order.created/updated) and its answer to get-work-order for one whose event has not arrived.
import {
  CallerContext,
  callerMaySeeClinic,
  EventEnvelope,
  WorkOrderErrors,
  WorkOrderEvents,
  WorkOrderSubjects,
  WorkOrderView,
} from '@dental/contracts';
import { aWorkOrderSnapshot } from './builders';
import { RpcStub, StubError, TestBus } from './test-bus';

export class WorkOrdersStub {
  readonly workOrders = new Map<string, WorkOrderView>();
  private stub?: RpcStub<{ workOrderId: string }>;

  constructor(private readonly bus: TestBus) {}

  /** Answers get-work-order from the work orders held here; `stop()` leaves it with no responders. */
  answer(): this {
    this.stub?.stop();
    this.stub = this.bus.stubRpc<{ workOrderId: string }, WorkOrderView>(
      WorkOrderSubjects.getWorkOrder,
      ({ workOrderId }, caller) => this.visible(workOrderId, caller),
    );
    return this;
  }

  get calls(): RpcStub<{ workOrderId: string }>['calls'] {
    return this.stub?.calls ?? [];
  }

  stop(): void {
    this.stub?.stop();
    this.stub = undefined;
  }

  /** A work order work-orders holds; published as its created event unless `publish` is false (still on its way). */
  async workOrder(
    fields: Partial<WorkOrderView> & Pick<WorkOrderView, 'organizationId' | 'clinicId'>,
    { publish = true } = {},
  ): Promise<{ workOrder: WorkOrderView; event?: EventEnvelope<WorkOrderView> }> {
    const workOrder = aWorkOrderSnapshot(fields);
    this.workOrders.set(workOrder.id, workOrder);
    if (!publish) return { workOrder };
    const event = await this.bus.publish(WorkOrderEvents.workOrderCreated, workOrder, {
      organizationId: workOrder.organizationId,
      clinicId: workOrder.clinicId,
    });
    return { workOrder, event };
  }

  /** work-orders' 404: unknown, another organization's, or of a clinic the caller may not see. */
  private visible(workOrderId: string, caller: CallerContext | undefined): WorkOrderView {
    const w = this.workOrders.get(workOrderId);
    if (!w || !caller || w.organizationId !== caller.organizationId || !callerMaySeeClinic(caller, w.clinicId)) {
      throw new StubError(404, WorkOrderErrors.NOT_FOUND, `work order ${workOrderId} not found`);
    }
    return w;
  }
}
