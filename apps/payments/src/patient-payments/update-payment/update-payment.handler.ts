import {
  CallerContext,
  correctionOf,
  DistributionBasisView,
  DomainError,
  PatientPaymentErrors,
  PatientPaymentView,
  UpdatePatientPaymentCommand,
} from '@dental/contracts';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { invalidField, storedMoney } from '../bank-charge';
import { OnBehalfOf } from '../on-behalf-of';
import { clinicFee } from '../pay-split';
import { accountClosed, PatientMoney } from '../patient-money';
import { PatientPaymentsSql } from '../patient-payments.sql';

const REQUIRED_FIELDS = ['date', 'amount', 'paymentType'] as const;

/**
 * Changes the given fields of a received-money record. A change of amount, payment type or bank cost is computed
 * again with the clinic's bank charge percentage of today, and a changed stored amount gets a new pay split from the
 * distribution of today; the old values stay in the audit trail.
 */
@Injectable()
export class UpdatePatientPaymentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
    private readonly onBehalfOf: OnBehalfOf,
  ) {}

  async execute(cmd: UpdatePatientPaymentCommand, caller: CallerContext): Promise<PatientPaymentView> {
    // The DTO lets null through for every optional field; only bankCost, contractId and note may be cleared.
    for (const field of REQUIRED_FIELDS) {
      if (cmd[field] === null) throw invalidField(field, `${field} cannot be cleared`);
    }
    const moneyChanges = cmd.amount !== undefined || cmd.paymentType !== undefined || cmd.bankCost !== undefined;
    let basis: DistributionBasisView | null = null;
    if (moneyChanges || cmd.contractId) {
      basis = await this.book.basis(caller, cmd.patientId);
      this.book.requireContract(basis, cmd.contractId);
    }
    if (cmd.physicianId) {
      // before the transaction (no lock held while patient-accounts may be asked): a payment's clinic never changes;
      // an unknown payment is the transaction's 404
      const [row] = await this.em.execute<{ clinic_id: string }[]>(PatientPaymentsSql.paymentClinic.text, [
        cmd.paymentId,
        cmd.patientId,
        caller.organizationId,
      ]);
      if (row) await this.onBehalfOf.requirePhysician(this.em, caller, cmd.physicianId, row.clinic_id);
    }
    return this.em.transactional(async (em) => {
      const closedThrough = await this.book.lockExisting(em, caller.organizationId, cmd.patientId);
      if (closedThrough === undefined)
        throw DomainError.notFound(PatientPaymentErrors.NOT_FOUND, 'patient payment', cmd.paymentId);
      const payment = await this.book.lockVisible(em, caller, cmd);
      if (closedThrough !== null && payment.date <= closedThrough) throw accountClosed(payment.date, closedThrough);
      if (closedThrough !== null && cmd.date !== undefined && cmd.date <= closedThrough) {
        throw accountClosed(cmd.date, closedThrough);
      }
      await assertPeriodOpen(em, caller.organizationId, payment.clinicId, [payment.date, cmd.date]);
      const before = payment.toView(closedThrough);
      if (basis && moneyChanges) {
        const clinic = await this.book.clinic(em, caller.organizationId, payment.clinicId);
        const percent = clinic.bankChargePercent;
        const paymentType = cmd.paymentType ?? payment.paymentType;
        // a typed bank cost (state 0) stays with the card payment unless it is given again or cleared
        const keptBankCost =
          paymentType === 'card' && percent?.isZero() ? (payment.bankCost()?.toDecimal() ?? null) : null;
        const money = storedMoney(
          {
            paymentType,
            enteredAmount: cmd.amount ?? payment.enteredMoney().toDecimal(),
            bankCost: cmd.bankCost === undefined ? keptBankCost : cmd.bankCost,
          },
          percent,
          payment.currency,
        );
        // a new split when what the physicians share changes: the stored amount, or the clinic's bank fee in it
        if (
          money.amount.minor !== payment.amountMinor ||
          (clinicFee(money)?.minor ?? null) !== payment.clinicFeeMinor()
        ) {
          payment.splits = this.book.splits(basis, money);
        }
        payment.paymentType = paymentType;
        payment.amountMinor = money.amount.minor;
        payment.enteredMinor = money.entered.minor;
        payment.bankCostMinor = money.bankCost?.minor ?? null;
        payment.bankChargeScaled = money.bankCharge?.scaled.toString() ?? null;
      }
      if (cmd.date !== undefined) payment.date = cmd.date;
      if (cmd.contractId !== undefined) payment.contractId = cmd.contractId;
      if (cmd.note !== undefined) payment.note = cmd.note;
      if (cmd.physicianId !== undefined) payment.physicianId = cmd.physicianId;
      // Nothing changed: no new revision, no audit entry, no event.
      if (JSON.stringify(payment.toView(closedThrough)) === JSON.stringify(before)) return before;
      payment.revision += 1;
      return this.book.record(em, caller, 'updated', before, payment, closedThrough, correctionOf(cmd));
    });
  }
}
