import {
  CallerContext,
  callerMaySeeClinic,
  DomainError,
  RecordWorkOrderPaymentCommand,
  WorkOrderErrors,
  WorkOrderPaymentView,
  WorkOrderSubjects,
  WorkOrderView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { KnownWorkOrder, WorkOrdersCopy } from '../../neighbours/work-orders-copy';
import { WorkOrderPayment } from '../work-order-payment.entity';
import { parsePaymentAmount, WorkOrderPaymentChanges } from '../work-order-payment-changes';

/** Adds a payment (or, negative, a refund) to a work order the caller may see. */
@Injectable()
export class RecordWorkOrderPaymentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly rpc: RpcClient,
    private readonly changes: WorkOrderPaymentChanges,
    private readonly copy: WorkOrdersCopy,
  ) {}

  async execute(cmd: RecordWorkOrderPaymentCommand, caller: CallerContext): Promise<WorkOrderPaymentView> {
    const workOrder = await this.workOrder(cmd.workOrderId, caller);
    const amount = parsePaymentAmount(cmd.amount, workOrder.currency);
    return this.em.transactional(async (em) => {
      await assertPeriodOpen(em, caller.organizationId, workOrder.clinicId, [cmd.date]);
      const payment = em.create(WorkOrderPayment, {
        organizationId: caller.organizationId,
        clinicId: workOrder.clinicId,
        workOrderId: workOrder.id,
        labId: workOrder.labId,
        date: cmd.date,
        amountMinor: amount.minor,
        currency: amount.currency,
        method: cmd.method,
        reference: cmd.reference ?? null,
        note: cmd.note ?? null,
        revision: 1,
      });
      return this.changes.record(em, caller, 'created', null, payment);
    });
  }

  /**
   * The work order's clinic, lab and currency (fixed for its life) from payments' copy of the WORK_ORDERS events; only
   * a work order not known here yet (its event still on the way) is asked of work-orders, which answers 404 for an
   * unknown, another organization's or an invisible clinic's one (503 when it is down). Not a cycle: work-orders never
   * asks payments. Another organization's or an invisible clinic's is a 404 on both paths.
   */
  private async workOrder(workOrderId: string, caller: CallerContext): Promise<KnownWorkOrder> {
    let workOrder = await this.copy.workOrder(this.em, workOrderId);
    if (!workOrder) {
      const view = await this.rpc.request<WorkOrderView>(WorkOrderSubjects.getWorkOrder, { workOrderId }, caller);
      if (view.organizationId === caller.organizationId) await this.copy.remember(this.em, view);
      workOrder = view;
    }
    if (workOrder.organizationId !== caller.organizationId || !callerMaySeeClinic(caller, workOrder.clinicId)) {
      throw DomainError.notFound(WorkOrderErrors.NOT_FOUND, 'work order', workOrderId);
    }
    return workOrder;
  }
}
