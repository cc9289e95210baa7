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

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

// No entities (hydrating the 300 treatments of a long account cost most of the page): the patient and its few
// closures, physicians, contracts and family in one statement (PostgreSQL builds their views), the treatments in a
// second one as plain rows named like the view's fields (building JSON for hundreds of rows costs PostgreSQL more
// than the rows cost here). Every part also names the organization: a slip must not cross tenants.
const TREATMENTS = `select t.id, t.organization_id as "organizationId", t.clinic_id as "clinicId", t.patient_id as "patientId",
    t.physician_id as "physicianId", t.procedure, t.tooth, t.date::text as date, t.amount_minor::text as amount,
    t.currency, t.plan_item_id is not null as "copiedFromPlanning", t.plan_item_id as "planItemId",
    t.invoice_id as "invoiceId", t.invoice_number as "invoiceNumber", false as deleted, t.revision,
    coalesce(t.date <= ct.through, false) as closed, t.source_payment_id as "sourcePaymentId"
  from treatment t
  cross join (select max(date) as through from account_closure where organization_id = ? and patient_id = ?) ct
  where t.organization_id = ? and t.patient_id = ? and t.deleted_at is null
  order by t.date, t.created_at, t.id`;

const BASIS = `with pt as (
    select id, organization_id, clinic_id, first_name, last_name, phone, email, family_id
      from patient where id = ? and organization_id = ?),
  ct as (select max(a.date) as through from account_closure a, pt
          where a.organization_id = pt.organization_id and a.patient_id = pt.id)
  select pt.*, c.currency, ct.through::text as closed_through,
    (select json_build_object('id', f.id, 'organizationId', f.organization_id, 'name', f.name)
       from family f where f.id = pt.family_id and f.organization_id = pt.organization_id) as family,
    (select coalesce(json_agg(json_build_object(
        'id', a.id, 'patientId', a.patient_id, 'organizationId', a.organization_id, 'clinicId', a.clinic_id,
        'mode', a.mode, 'date', a.date, 'treatmentTotal', a.treatment_total_minor::text,
        'receivedTotal', a.received_total_minor::text, 'writtenOffAmount', a.written_off_minor::text,
        'currency', a.currency, 'createdAt', to_char(a.created_at at time zone 'UTC', ${UTC_ISO}),
        'createdBy', a.created_by
      ) order by a.date, a.created_at, a.id), '[]')
       from account_closure a where a.organization_id = pt.organization_id and a.patient_id = pt.id) as closures,
    (select coalesce(json_agg(json_build_object(
        'id', ph.id, 'organizationId', ph.organization_id, 'clinicId', ph.clinic_id, 'name', ph.name,
        'commissionPercent', ph.commission_scaled::text
      ) order by ph.name, ph.id), '[]')
       from physician ph
      where ph.organization_id = pt.organization_id and ph.id in (
        select t.physician_id from treatment t
         where t.organization_id = pt.organization_id and t.patient_id = pt.id and t.deleted_at is null)) as physicians,
    (select coalesce(json_agg(json_build_object(
        'id', k.id, 'organizationId', k.organization_id, 'clinicId', k.clinic_id, 'patientId', k.patient_id,
        'planId', k.plan_id, 'contractDate', k.contract_date, 'totalMinor', k.total_minor::text,
        'downPaymentMinor', k.down_payment_minor::text, 'installmentCount', k.installment_count,
        'firstDueDate', k.first_due_date, 'currency', k.currency
      ) order by k.created_at, k.id), '[]')
       from contract k where k.organization_id = pt.organization_id and k.patient_id = pt.id) as contracts
  from pt cross join ct left join clinic c on c.id = pt.clinic_id`;

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
      connection.execute<BasisRow[]>(BASIS, [patientId, org]),
      connection.execute<AccountTreatmentView[]>(TREATMENTS, [org, patientId, org, patientId]),
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
