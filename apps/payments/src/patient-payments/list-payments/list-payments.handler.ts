import { CallerContext, PatientPaymentListView, PatientPaymentView } from '@dental/contracts';
import { Money, Percent } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { formatReceiptNumber } from '../patient-payment.entity';
import { visibleClinicsSql } from '../patient-money';
import { PatientPaymentsSql } from '../patient-payments.sql';

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
      .execute<PatientPaymentView[]>(PatientPaymentsSql.list.build(clinics.sql), [
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
