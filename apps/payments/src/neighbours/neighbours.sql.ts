import { SAMPLE, statement } from '@dental/persistence';

const AT = '2026-01-31T10:00:00.000Z';

/** payments' copies of work-orders' work orders and patient-accounts' patients, physicians, treatments, contracts. */
export const NeighboursSql = {
  /** A work-order snapshot, applied when its revision is newer. */
  rememberWorkOrder: statement(
    `insert into known_work_order (id, organization_id, clinic_id, lab_id, currency, revision)
  values (?, ?, ?, ?, ?, ?)
  on conflict (id) do update set clinic_id = excluded.clinic_id, lab_id = excluded.lab_id,
    currency = excluded.currency, revision = excluded.revision
  where known_work_order.organization_id = excluded.organization_id
    and known_work_order.revision < excluded.revision`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, SAMPLE.uuid2, 'EUR', 1],
  ),

  knownWorkOrder: statement(
    'select id, organization_id, clinic_id, lab_id, currency from known_work_order where id = ?',
    [SAMPLE.uuid],
  ),

  rememberContract: statement(
    `insert into known_contract (id, organization_id, patient_id, occurred_at) values (?, ?, ?, ?)
       on conflict (id) do nothing`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, AT],
  ),

  rememberClosure: statement(
    `insert into known_closure (id, organization_id, patient_id, date, reopened) values (?, ?, ?, ?, false)
       on conflict (id) do nothing`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, SAMPLE.date],
  ),

  rememberReopenedClosure: statement(
    `insert into known_closure (id, organization_id, patient_id, date, reopened) values (?, ?, ?, ?, true)
       on conflict (id) do update set reopened = true where known_closure.organization_id = excluded.organization_id`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, SAMPLE.date],
  ),

  closedThrough: statement(
    `select max(date)::text as through from known_closure
        where patient_id = ? and organization_id = ? and not reopened`,
    [SAMPLE.uuid, SAMPLE.uuid2],
  ),

  /** The open treatments of the patient in patient-accounts' order: date, creation (first event here), id. */
  openTreatments: statement(
    `select physician_id, amount_minor::text as amount_minor from known_treatment
        where patient_id = ? and organization_id = ? and not deleted and (?::date is null or date > ?::date)
        order by date, first_seen_at, id`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.date, SAMPLE.date],
  ),

  /** Names of the physicians of a JSON array of ids. */
  physicianNames: statement(
    `select id, name from known_physician
            where organization_id = ? and id in (select (json_array_elements_text(?::json))::uuid)`,
    [SAMPLE.uuid, JSON.stringify([SAMPLE.uuid2])],
  ),

  contractIds: statement(
    'select id from known_contract where patient_id = ? and organization_id = ? order by occurred_at, id',
    [SAMPLE.uuid, SAMPLE.uuid2],
  ),

  knownPatient: statement(
    `select id, organization_id, clinic_id, first_name, last_name, phone, email, family_id, currency, created_seen
         from known_patient where id = ?`,
    [SAMPLE.uuid],
  ),

  /** A patient snapshot; the newest event's fields win. */
  rememberPatient: statement(
    `insert into known_patient (id, organization_id, clinic_id, first_name, last_name, phone, email, family_id,
                                  currency, created_seen, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set first_name = excluded.first_name, last_name = excluded.last_name,
         phone = excluded.phone, email = excluded.email, family_id = excluded.family_id,
         occurred_at = excluded.occurred_at
       where known_patient.organization_id = excluded.organization_id
         and known_patient.occurred_at <= excluded.occurred_at`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, 'Ada', 'Lovelace', null, null, null, 'EUR', true, AT],
  ),

  markPatientCreatedSeen: statement(
    'update known_patient set created_seen = true where id = ? and organization_id = ?',
    [SAMPLE.uuid, SAMPLE.uuid2],
  ),

  rememberPhysician: statement(
    `insert into known_physician (id, organization_id, clinic_id, name, occurred_at) values (?, ?, ?, ?, ?)
       on conflict (id) do update set clinic_id = excluded.clinic_id, name = excluded.name,
         occurred_at = excluded.occurred_at
       where known_physician.organization_id = excluded.organization_id
         and known_physician.occurred_at <= excluded.occurred_at`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, 'Dr. Who', AT],
  ),

  /** A treatment snapshot, applied when its revision is newer. */
  rememberTreatment: statement(
    `insert into known_treatment (id, organization_id, patient_id, physician_id, date, amount_minor, currency,
                                    deleted, revision, first_seen_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set patient_id = excluded.patient_id, physician_id = excluded.physician_id,
         date = excluded.date, amount_minor = excluded.amount_minor, currency = excluded.currency,
         deleted = excluded.deleted, revision = excluded.revision
       where known_treatment.organization_id = excluded.organization_id
         and known_treatment.revision < excluded.revision`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, null, SAMPLE.date, '12000', 'EUR', false, 1, AT],
  ),

  /** The treatment's place in the order is its earliest event. */
  moveTreatmentFirstSeen: statement(
    'update known_treatment set first_seen_at = ? where id = ? and organization_id = ? and first_seen_at > ?',
    [AT, SAMPLE.uuid, SAMPLE.uuid2, AT],
  ),
};
