import { SAMPLE, statement } from '@dental/persistence';

const UTC_ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

// No entities (hydrating the 300 treatments of a long account cost most of the page): the patient and its few
// closures, physicians, contracts and family in one statement (PostgreSQL builds their views), the treatments in a
// second one as plain rows named like the view's fields (building JSON for hundreds of rows costs PostgreSQL more
// than the rows cost here). Every part also names the organization: a slip must not cross tenants.
export const AccountSql = {
  /** The account's treatments that are not deleted, each flagged closed against the latest closure. */
  accountTreatments: statement(
    `select t.id, t.organization_id as "organizationId", t.clinic_id as "clinicId", t.patient_id as "patientId",
    t.physician_id as "physicianId", t.procedure, t.tooth, t.date::text as date, t.amount_minor::text as amount,
    t.currency, t.plan_item_id is not null as "copiedFromPlanning", t.plan_item_id as "planItemId",
    t.invoice_id as "invoiceId", t.invoice_number as "invoiceNumber", false as deleted, t.revision,
    coalesce(t.date <= ct.through, false) as closed, t.source_payment_id as "sourcePaymentId"
  from treatment t
  cross join (select max(date) as through from account_closure where organization_id = ? and patient_id = ?) ct
  where t.organization_id = ? and t.patient_id = ? and t.deleted_at is null
  order by t.date, t.created_at, t.id`,
    [SAMPLE.uuid2, SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid],
  ),

  /** The patient with its clinic's currency, closed-through date, family, closures, physicians and contracts. */
  accountBasis: statement(
    `with pt as (
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
  from pt cross join ct left join clinic c on c.id = pt.clinic_id`,
    [SAMPLE.uuid, SAMPLE.uuid2],
  ),

  /** Open treatment totals of the patients of a JSON array of ids, in one statement: after the latest closure. */
  treatmentTotals: statement(
    `select p.id as patient_id, p.clinic_id, c.currency, ct.through::text as closed_through,
    coalesce(sum(t.amount_minor) filter (where ct.through is null or t.date > ct.through), 0)::text as open_minor
  from patient p
  join clinic c on c.id = p.clinic_id
  left join lateral (select max(date) as through from account_closure where patient_id = p.id) ct on true
  left join treatment t on t.patient_id = p.id and t.deleted_at is null
  where p.organization_id = ? and p.id in (select value::uuid from json_array_elements_text(?::json))
  group by p.id, p.clinic_id, c.currency, ct.through
  order by p.id`,
    [SAMPLE.uuid2, JSON.stringify([SAMPLE.uuid])],
  ),
};
