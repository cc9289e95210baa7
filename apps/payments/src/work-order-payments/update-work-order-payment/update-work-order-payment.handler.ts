import { CallerContext, correctionOf, UpdateWorkOrderPaymentCommand, WorkOrderPaymentView } from '@dental/contracts';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { invalidField, parsePaymentAmount, WorkOrderPaymentChanges } from '../work-order-payment-changes';

const REQUIRED_FIELDS = ['date', 'amount', 'method'] as const;

/** Changes the given fields of a payment; the old values stay in the audit trail. */
@Injectable()
export class UpdateWorkOrderPaymentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: WorkOrderPaymentChanges,
  ) {}

  async execute(cmd: UpdateWorkOrderPaymentCommand, caller: CallerContext): Promise<WorkOrderPaymentView> {
    // The DTO lets null through for every optional field; only reference and note may be cleared.
    for (const field of REQUIRED_FIELDS) {
      if (cmd[field] === null) throw invalidField(field, `${field} cannot be cleared`);
    }
    return this.em.transactional(async (em) => {
      const payment = await this.changes.lockVisible(em, caller, cmd);
      await assertPeriodOpen(em, caller.organizationId, payment.clinicId, [payment.date, cmd.date]);
      const before = payment.toView();
      if (cmd.amount !== undefined) payment.amountMinor = parsePaymentAmount(cmd.amount, payment.currency).minor;
      if (cmd.date !== undefined) payment.date = cmd.date;
      if (cmd.method !== undefined) payment.method = cmd.method;
      if (cmd.reference !== undefined) payment.reference = cmd.reference;
      if (cmd.note !== undefined) payment.note = cmd.note;
      // Nothing changed: no new revision, no audit entry, no event.
      if (JSON.stringify(payment.toView()) === JSON.stringify(before)) return before;
      payment.revision += 1;
      return this.changes.record(em, caller, 'updated', before, payment, correctionOf(cmd));
    });
  }
}
