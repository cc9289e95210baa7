import { AuditEntryView, CallerContext, WorkOrderPaymentView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../audit-trail/audit-trail';
import { WORK_ORDER_PAYMENT, WorkOrderPayment } from '../work-order-payment.entity';

export interface WorkOrderPaymentsList {
  /** Payments that count (not deleted), by date, then as they were recorded. */
  items: WorkOrderPaymentView[];
  /** Every change of the work order's payments, deleted ones included, newest first. */
  audit: AuditEntryView[];
}

/**
 * The payments of one work order in the caller's organization and visible clinics. It does not ask work-orders
 * whether the work order exists (the gateway composes that): an unknown one simply has no payments.
 */
@Injectable()
export class ListWorkOrderPaymentsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  async execute(workOrderId: string, caller: CallerContext): Promise<WorkOrderPaymentsList> {
    const payments = await this.em.find(
      WorkOrderPayment,
      {
        organizationId: caller.organizationId,
        workOrderId,
        ...(caller.clinicIds === '*' ? {} : { clinicId: { $in: caller.clinicIds } }),
      },
      { orderBy: { date: 'asc', createdAt: 'asc', id: 'asc' } },
    );
    const audit = await this.audit.of(
      this.em,
      caller.organizationId,
      WORK_ORDER_PAYMENT,
      payments.map((p) => p.id),
    );
    return {
      items: payments.filter((p) => p.deletedAt === null).map((p) => p.toView()),
      audit: audit.map((a) => a.toView()),
    };
  }
}
