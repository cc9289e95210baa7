import { CallerContext, PatientPaymentListView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PatientPayment } from '../patient-payment.entity';
import { PatientMoney } from '../patient-money';

/**
 * The patient's received money that counts (not deleted), by date then receipt number, closed ones flagged. It does
 * not ask patient-accounts whether the patient exists (the account view asks that in parallel): an unknown or
 * foreign patient simply has none.
 */
@Injectable()
export class ListPatientPaymentsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
  ) {}

  async execute(patientId: string, caller: CallerContext): Promise<PatientPaymentListView> {
    const [payments, closedThrough] = await Promise.all([
      this.payments(this.em.fork(), patientId, caller),
      this.book.closedThrough(this.em.fork(), caller.organizationId, patientId),
    ]);
    return { items: payments.map((p) => p.toView(closedThrough)) };
  }

  payments(em: EntityManager, patientId: string, caller: CallerContext): Promise<PatientPayment[]> {
    return em.find(
      PatientPayment,
      {
        organizationId: caller.organizationId,
        patientId,
        deletedAt: null,
        ...(caller.clinicIds === '*' ? {} : { clinicId: { $in: caller.clinicIds } }),
      },
      { orderBy: { date: 'asc', receiptSeq: 'asc' } },
    );
  }
}
