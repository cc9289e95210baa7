import { SAMPLE, statement } from '@dental/persistence';

export const PatientsSql = {
  /** Organization and clinic never change for a patient: the first copy is the copy (redelivery changes nothing). */
  rememberPatient: statement(
    `insert into known_patient (id, organization_id, clinic_id) values (?, ?, ?) on conflict (id) do nothing`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid],
  ),

  knownPatient: statement('select id, organization_id, clinic_id from known_patient where id = ?', [SAMPLE.uuid]),
};
