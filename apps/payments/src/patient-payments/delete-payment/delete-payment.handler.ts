import {
  CallerContext,
  correctionOf,
  DeletePatientPaymentCommand,
  DomainError,
  PatientPaymentErrors,
  PatientPaymentView,
} from '@dental/contracts';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { accountClosed, PatientMoney } from '../patient-money';

/** Deletes a received-money record softly: it keeps its receipt number, its last revision says `deleted: true`. */
@Injectable()
export class DeletePatientPaymentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
  ) {}

  async execute(ref: DeletePatientPaymentCommand, caller: CallerContext): Promise<PatientPaymentView> {
    return this.em.transactional(async (em) => {
      const closedThrough = await this.book.lockExisting(em, caller.organizationId, ref.patientId);
      if (closedThrough === undefined)
        throw DomainError.notFound(PatientPaymentErrors.NOT_FOUND, 'patient payment', ref.paymentId);
      const payment = await this.book.lockVisible(em, caller, ref);
      if (closedThrough !== null && payment.date <= closedThrough) throw accountClosed(payment.date, closedThrough);
      await assertPeriodOpen(em, caller.organizationId, payment.clinicId, [payment.date]);
      const before = payment.toView(closedThrough);
      payment.deletedAt = new Date();
      payment.revision += 1;
      return this.book.record(em, caller, 'deleted', before, payment, closedThrough, correctionOf(ref));
    });
  }
}
