import { CallerContext, correctionOf, DeleteWorkOrderPaymentCommand, WorkOrderPaymentView } from '@dental/contracts';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { WorkOrderPaymentChanges } from '../work-order-payment-changes';

/** Soft delete: the row stays (deleted_at) so its audit trail and revisions stay whole; it no longer counts. */
@Injectable()
export class DeleteWorkOrderPaymentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: WorkOrderPaymentChanges,
  ) {}

  async execute(ref: DeleteWorkOrderPaymentCommand, caller: CallerContext): Promise<WorkOrderPaymentView> {
    return this.em.transactional(async (em) => {
      const payment = await this.changes.lockVisible(em, caller, ref);
      await assertPeriodOpen(em, caller.organizationId, payment.clinicId, [payment.date]);
      const before = payment.toView();
      payment.deletedAt = new Date();
      payment.revision += 1;
      return this.changes.record(em, caller, 'deleted', before, payment, correctionOf(ref));
    });
  }
}
