import {
  CallerContext,
  callerMaySeeClinic,
  DomainError,
  RecordWorkOrderPaymentCommand,
  WorkOrderPaymentView,
  WorkOrderSubjects,
  WorkOrderView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { WorkOrderPayment } from '../work-order-payment.entity';
import { parsePaymentAmount, WorkOrderPaymentChanges } from '../work-order-payment-changes';

/** Adds a payment (or, negative, a refund) to a work order the caller may see. */
@Injectable()
export class RecordWorkOrderPaymentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly rpc: RpcClient,
    private readonly changes: WorkOrderPaymentChanges,
  ) {}

  async execute(cmd: RecordWorkOrderPaymentCommand, caller: CallerContext): Promise<WorkOrderPaymentView> {
    // work-orders answers 404 for an unknown work order, another organization's or an invisible clinic's.
    const workOrder = await this.rpc.request<WorkOrderView>(
      WorkOrderSubjects.getWorkOrder,
      { workOrderId: cmd.workOrderId },
      caller,
    );
    if (workOrder.organizationId !== caller.organizationId || !callerMaySeeClinic(caller, workOrder.clinicId)) {
      throw DomainError.notFound('work order', cmd.workOrderId);
    }
    const amount = parsePaymentAmount(cmd.amount, workOrder.currency);
    return this.em.transactional(async (em) => {
      const payment = em.create(WorkOrderPayment, {
        organizationId: caller.organizationId,
        clinicId: workOrder.clinicId,
        workOrderId: workOrder.id,
        labId: workOrder.labId,
        date: cmd.date,
        amountMinor: amount.minor.toString(),
        currency: amount.currency,
        method: cmd.method,
        reference: cmd.reference ?? null,
        note: cmd.note ?? null,
        revision: 1,
      });
      return this.changes.record(em, caller, 'created', null, payment);
    });
  }
}
