import { CallerContext, PatientPaymentView, RecordPatientPaymentCommand } from '@dental/contracts';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { storedMoney } from '../bank-charge';
import { OnBehalfOf } from '../on-behalf-of';
import { PatientPayment } from '../patient-payment.entity';
import { accountClosed, PatientMoney } from '../patient-money';

/** Records money received from a patient: its receipt number, bank cost, pay split, audit entry and event. */
@Injectable()
export class RecordPatientPaymentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
    private readonly onBehalfOf: OnBehalfOf,
  ) {}

  async execute(cmd: RecordPatientPaymentCommand, caller: CallerContext): Promise<PatientPaymentView> {
    // patient-accounts answers 404 for an unknown patient, another organization's or an invisible clinic's.
    const basis = await this.book.basis(caller, cmd.patientId);
    const { patient } = basis;
    this.book.requireContract(basis, cmd.contractId);
    if (cmd.physicianId) await this.onBehalfOf.requirePhysician(this.em, caller, cmd.physicianId, patient.clinicId);
    const clinic = await this.book.clinic(this.em, caller.organizationId, patient.clinicId);
    const money = storedMoney(
      { paymentType: cmd.paymentType, enteredAmount: cmd.amount, bankCost: cmd.bankCost ?? null },
      clinic.bankChargePercent,
      patient.currency,
    );
    const splits = this.book.splits(basis, money);
    return this.em.transactional(async (em) => {
      const closedThrough = await this.book.lockPatient(em, caller.organizationId, patient.id);
      if (closedThrough !== null && cmd.date <= closedThrough) throw accountClosed(cmd.date, closedThrough);
      await assertPeriodOpen(em, caller.organizationId, patient.clinicId, [cmd.date]);
      const payment = em.create(PatientPayment, {
        organizationId: caller.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        receiptSeq: await this.book.nextReceipt(em, caller.organizationId, patient.clinicId),
        date: cmd.date,
        amountMinor: money.amount.minor,
        enteredMinor: money.entered.minor,
        bankCostMinor: money.bankCost?.minor ?? null,
        bankChargeScaled: money.bankCharge?.scaled.toString() ?? null,
        paymentType: cmd.paymentType,
        contractId: cmd.contractId ?? null,
        note: cmd.note ?? null,
        physicianId: cmd.physicianId ?? null,
        currency: patient.currency,
        splits,
        revision: 1,
      });
      return this.book.record(em, caller, 'created', null, payment, closedThrough);
    });
  }
}
