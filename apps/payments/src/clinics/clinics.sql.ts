import { SAMPLE, statement } from '@dental/persistence';

export const ClinicsSql = {
  /** Holds the clinic row until the transaction ends: two settings changes get revisions one after the other. */
  lockClinic: statement('select id from clinic where id = ? for update', [SAMPLE.uuid]),

  progressSettings: statement(
    'select mode, cost_scaled::text as cost_scaled, revision from clinic_progress_settings where clinic_id = ?',
    [SAMPLE.uuid],
  ),

  saveProgressSettings: statement(
    `insert into clinic_progress_settings (clinic_id, organization_id, mode, cost_scaled, revision)
         values (?, ?, ?, ?, ?)
         on conflict (clinic_id) do update set mode = excluded.mode, cost_scaled = excluded.cost_scaled,
           revision = excluded.revision, updated_at = now()`,
    [SAMPLE.uuid, SAMPLE.uuid2, 'collections', '0', 1],
  ),
};
