import { SAMPLE, statement, template } from '@dental/persistence';

const PATIENT = SAMPLE.uuid;
const ORGANIZATION = SAMPLE.uuid2;
const CLINICS = JSON.stringify([SAMPLE.uuid, SAMPLE.uuid2]);

/** The visible-clinics condition as visibleClinicsSql (patient-money.ts) builds it: every clinic, or some. */
const visibleClinics = (column: string) => [
  { sql: '', params: [] },
  { sql: ` and ${column} in (select (json_array_elements_text(?::json))::uuid)`, params: [CLINICS] },
];

export const PatientPaymentsSql = {
  /** The patient's money row, made on first use: its row lock orders the patient's money changes. */
  ensurePatientMoney: statement(
    'insert into patient_money (patient_id, organization_id) values (?, ?) on conflict (patient_id) do nothing',
    [PATIENT, ORGANIZATION],
  ),

  /** Locks the patient's money row and answers the date its money is closed through. */
  lockPatientMoney: statement(
    `select organization_id,
              (select max(through)::text from patient_money_lock l where l.patient_id = m.patient_id) as closed_through
         from patient_money m where patient_id = ? for update`,
    [PATIENT],
  ),

  closedThrough: statement(
    'select max(through)::text as through from patient_money_lock where patient_id = ? and organization_id = ?',
    [PATIENT, ORGANIZATION],
  ),

  /** The clinic's next receipt number; the upsert holds the counter row until the transaction ends. */
  nextReceiptNumber: statement(
    `insert into receipt_counter (clinic_id, organization_id, last_number) values (?, ?, 1)
       on conflict (clinic_id) do update set last_number = receipt_counter.last_number + 1
       returning last_number::text`,
    [SAMPLE.uuid, ORGANIZATION],
  ),

  /** Paid per contract of a JSON array of ids, and the row without a contract (it tells the currency). */
  contractPaid: template(
    (clinics: string) =>
      `select contract_id, min(currency) as currency, sum(amount_minor)::text as paid_minor from patient_payment
        where organization_id = ? and patient_id = ? and deleted_at is null${clinics}
          and (contract_id is null or contract_id in (select (json_array_elements_text(?::json))::uuid))
        group by contract_id`,
    ...visibleClinics('clinic_id').map((c) => ({
      args: [c.sql] as [string],
      sample: [ORGANIZATION, PATIENT, ...c.params, JSON.stringify([SAMPLE.uuid])],
    })),
  ),

  /** payments' copy of a physician (patient-accounts' events): whose and where. */
  knownPhysician: statement('select organization_id, clinic_id from known_physician where id = ?', [SAMPLE.uuid]),

  /** Received per patient of a JSON array of ids, split at each patient's latest lock. */
  receivedTotals: template(
    (clinics: string) =>
      `with asked as (select distinct (json_array_elements_text(?::json))::uuid as patient_id),
            locks as (select l.patient_id, max(l.through) as through from patient_money_lock l
                        join asked a on a.patient_id = l.patient_id where l.organization_id = ? group by l.patient_id),
            sums as (select p.patient_id, min(p.currency) as currency,
                            sum(p.amount_minor) filter (where k.through is null or p.date > k.through)::text as open_minor,
                            sum(p.amount_minor) filter (where p.date <= k.through)::text as closed_minor
                       from patient_payment p join asked a on a.patient_id = p.patient_id
                       left join locks k on k.patient_id = p.patient_id
                      where p.organization_id = ? and p.deleted_at is null${clinics}
                      group by p.patient_id)
       select a.patient_id, s.currency, k.through::text as closed_through, s.open_minor, s.closed_minor
         from asked a left join sums s on s.patient_id = a.patient_id left join locks k on k.patient_id = a.patient_id`,
    ...visibleClinics('p.clinic_id').map((c) => ({
      args: [c.sql] as [string],
      sample: [JSON.stringify([PATIENT]), ORGANIZATION, ORGANIZATION, ...c.params],
    })),
  ),

  /** A closure's lock of the patient's money (idempotent by closure). */
  lockMoneyThrough: statement(
    `insert into patient_money_lock (closure_id, patient_id, organization_id, through) values (?, ?, ?, ?)
         on conflict (closure_id) do nothing`,
    [SAMPLE.uuid, PATIENT, ORGANIZATION, SAMPLE.date],
  ),

  /** What the patient received, and its bank costs, on or before a closure's lock. */
  sumsThroughLock: statement(
    `select coalesce(sum(p.amount_minor), 0)::text as received_minor,
                coalesce(sum(p.bank_cost_minor), 0)::text as bank_cost_minor
           from patient_money_lock l
           left join patient_payment p on p.patient_id = l.patient_id and p.organization_id = l.organization_id
                                      and p.deleted_at is null and p.date <= l.through
          where l.closure_id = ? and l.patient_id = ? and l.organization_id = ?`,
    [SAMPLE.uuid, PATIENT, ORGANIZATION],
  ),

  /** Where the patient's first money record was taken (when nothing else tells the patient's clinic). */
  firstPaymentOfPatient: statement(
    'select organization_id, clinic_id from patient_payment where patient_id = ? order by created_at limit 1',
    [PATIENT],
  ),

  removeMoneyLock: statement(
    'delete from patient_money_lock where closure_id = ? and patient_id = ? and organization_id = ? returning closure_id',
    [SAMPLE.uuid, PATIENT, ORGANIZATION],
  ),

  /**
   * The patient's payments as plain rows named like the view's fields (no entities: hydrating 200 of them cost most
   * of the account page; nor JSON built by PostgreSQL: that costs it more than the rows cost here). `closed` uses the
   * latest money lock, as toView does.
   */
  list: template(
    (clinics: string) => `select p.id, p.organization_id as "organizationId", p.clinic_id as "clinicId",
    p.patient_id as "patientId", p.receipt_seq::text as "receiptNumber", p.date::text as date,
    p.amount_minor::text as amount, p.entered_minor::text as "enteredAmount", p.bank_cost_minor::text as "bankCost",
    p.bank_charge_scaled::text as "bankChargePercent", p.payment_type as "paymentType", p.contract_id as "contractId",
    p.physician_id as "physicianId", p.note, p.currency, coalesce(p.date <= lock.through, false) as closed, p.splits,
    p.revision, p.deleted_at is not null as deleted,
    to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"
  from patient_payment p
  cross join (select max(through) as through from patient_money_lock where patient_id = ? and organization_id = ?) lock
  where p.organization_id = ? and p.patient_id = ? and (p.deleted_at is null or ?::boolean)${clinics}
  order by p.date, p.receipt_seq`,
    ...visibleClinics('p.clinic_id').map((c) => ({
      args: [c.sql] as [string],
      sample: [PATIENT, ORGANIZATION, ORGANIZATION, PATIENT, false, ...c.params],
    })),
  ),

  paymentClinic: statement(
    'select clinic_id from patient_payment where id = ? and patient_id = ? and organization_id = ?',
    [SAMPLE.uuid, PATIENT, ORGANIZATION],
  ),
};
