import { SAMPLE, statement } from '@dental/persistence';

export const ClinicsSql = {
  /** A clinic's organization, currency, time zone and locale never change: the first copy is the copy. */
  rememberClinic: statement(
    `insert into clinic_profile (id, organization_id, name, currency, time_zone, locale)
  values (?, ?, ?, ?, ?, ?) on conflict (id) do nothing`,
    [SAMPLE.uuid, SAMPLE.uuid2, 'Clinic', 'EUR', 'UTC', 'en'],
  ),
};
