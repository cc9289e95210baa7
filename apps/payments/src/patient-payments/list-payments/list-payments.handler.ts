import { CallerContext, PatientPaymentListView, PatientPaymentView } from '@dental/contracts';
import { Money, Percent } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { formatReceiptNumber } from '../patient-payment.entity';
import { visibleClinicsSql } from '../patient-money';

// One statement, plain rows named like the view's fields (no entities: hydrating 200 of them cost most of the account
// page; nor JSON built by PostgreSQL: that costs it more than the rows cost here). `closed` uses the latest money
// lock, as toView does.
const LIST = (clinics: string) => `select p.id, p.organization_id as "organizationId", p.clinic_id as "clinicId",
    p.patient_id as "patientId", p.receipt_seq::text as "receiptNumber", p.date::text as date,
    p.amount_minor::text as amount, p.entered_minor::text as "enteredAmount", p.bank_cost_minor::text as "bankCost",
    p.bank_charge_scaled::text as "bankChargePercent", p.payment_type as "paymentType", p.contract_id as "contractId",
    p.physician_id as "physicianId", p.note, p.currency, coalesce(p.date <= lock.through, false) as closed, p.splits,
    p.revision, p.deleted_at is not null as deleted,
    to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"
  from patient_payment p
  cross join (select max(through) as through from patient_money_lock where patient_id = ? and organization_id = ?) lock
  where p.organization_id = ? and p.patient_id = ? and (p.deleted_at is null or ?::boolean)${clinics}
  order by p.date, p.receipt_seq`;

const decimal = (minor: string, currency: string) => Money.of(BigInt(minor), currency).toDecimal();

/**
 * The patient's received money that counts (not deleted; or with `includeDeleted` the deleted records too, marked
 * `deleted: true`), by date then receipt number, closed ones flagged. It does
 * not ask patient-accounts whether the patient exists (the account view asks that in parallel): an unknown or
 * foreign patient simply has none.
 */
@Injectable()
export class ListPatientPaymentsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(patientId: string, caller: CallerContext, includeDeleted = false): Promise<PatientPaymentListView> {
    const clinics = visibleClinicsSql(caller, 'p.clinic_id');
    const items = await this.em
      .getConnection()
      .execute<PatientPaymentView[]>(LIST(clinics.sql), [
        patientId,
        caller.organizationId,
        caller.organizationId,
        patientId,
        includeDeleted,
        ...clinics.params,
      ]);
    for (const p of items) {
      p.receiptNumber = formatReceiptNumber(p.receiptNumber);
      p.amount = decimal(p.amount, p.currency);
      p.enteredAmount = decimal(p.enteredAmount, p.currency);
      if (p.bankCost !== null) p.bankCost = decimal(p.bankCost, p.currency);
      if (p.bankChargePercent !== null) p.bankChargePercent = Percent.ofBasis(BigInt(p.bankChargePercent)).toDecimal();
    }
    return { items };
  }
}
