import {
  AccountBasisView,
  AccountTreatmentView,
  CallerContext,
  callerMaySeeClinic,
  ClosureView,
  contractSchedule,
  ContractView,
  DomainError,
  FamilyView,
  PatientErrors,
  PhysicianView,
} from '@dental/contracts';
import { Money, Percent } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicCalendar } from '../../clinic-calendar/clinic-calendar';
import { AccountSql } from '../account.sql';

interface ContractRow {
  id: string;
  organizationId: string;
  clinicId: string;
  patientId: string;
  planId: string | null;
  contractDate: string;
  totalMinor: string;
  downPaymentMinor: string;
  installmentCount: number;
  firstDueDate: string;
  currency: string;
}

interface BasisRow {
  id: string;
  organization_id: string;
  clinic_id: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  email: string | null;
  family_id: string | null;
  currency: string | null;
  closed_through: string | null;
  family: FamilyView | null;
  /** money fields in minor units until formatted below */
  closures: ClosureView[];
  /** commissionPercent: the scaled commission until formatted below */
  physicians: PhysicianView[];
  contracts: ContractRow[];
}

const money = (minor: string, currency: string) => Money.of(BigInt(minor), currency);
const decimal = (minor: string, currency: string) => money(minor, currency).toDecimal();

/** What patient-accounts knows of one account; the gateway composes the account view from it and payments' part. */
@Injectable()
export class AccountBasisHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly calendar: ClinicCalendar,
  ) {}

  async execute(patientId: string, caller: CallerContext): Promise<AccountBasisView> {
    const connection = this.em.getConnection();
    const org = caller.organizationId;
    const [[row], treatments] = await Promise.all([
      connection.execute<BasisRow[]>(AccountSql.accountBasis.text, [patientId, org]),
      connection.execute<AccountTreatmentView[]>(AccountSql.accountTreatments.text, [org, patientId, org, patientId]),
    ]);
    if (!row || !callerMaySeeClinic(caller, row.clinic_id))
      throw DomainError.notFound(PatientErrors.PATIENT_NOT_FOUND, 'patient', patientId);
    // every patient's clinic is known here (stored with the patient); without it the data is broken, not the request
    if (row.currency === null) throw new Error(`clinic ${row.clinic_id} of patient ${row.id} is not known`);
    for (const t of treatments) t.amount = decimal(t.amount, t.currency);
    for (const p of row.physicians) {
      if (p.commissionPercent !== null) p.commissionPercent = Percent.ofBasis(BigInt(p.commissionPercent)).toDecimal();
    }
    for (const c of row.closures) {
      c.treatmentTotal = decimal(c.treatmentTotal, c.currency);
      c.receivedTotal = decimal(c.receivedTotal, c.currency);
      c.writtenOffAmount = decimal(c.writtenOffAmount, c.currency);
    }
    return {
      patient: {
        id: row.id,
        organizationId: row.organization_id,
        clinicId: row.clinic_id,
        firstName: row.first_name,
        lastName: row.last_name,
        phone: row.phone,
        email: row.email,
        familyId: row.family_id,
        currency: row.currency,
      },
      treatments,
      physicians: row.physicians,
      closures: row.closures,
      closedThrough: row.closed_through,
      contracts: row.contracts.map(contractView),
      family: row.family,
      today: await this.calendar.today(row.clinic_id, caller),
    };
  }
}

/** As Contract.toView: the schedule is derived, never stored. */
function contractView(c: ContractRow): ContractView {
  const totalAmount = money(c.totalMinor, c.currency);
  const downPayment = money(c.downPaymentMinor, c.currency);
  return {
    id: c.id,
    organizationId: c.organizationId,
    clinicId: c.clinicId,
    patientId: c.patientId,
    planId: c.planId,
    contractDate: c.contractDate,
    totalAmount: totalAmount.toDecimal(),
    downPayment: downPayment.toDecimal(),
    installmentCount: c.installmentCount,
    firstDueDate: c.firstDueDate,
    schedule: contractSchedule({
      totalAmount,
      downPayment,
      installmentCount: c.installmentCount,
      firstDueDate: c.firstDueDate,
      contractDate: c.contractDate,
    }),
    currency: c.currency,
  };
}
