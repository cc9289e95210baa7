import { SAMPLE, statement } from '@dental/persistence';

export const LabsSql = {
  /** Whether another lab of the organization has the name, case aside. */
  nameTaken: statement(
    'select exists (select 1 from lab where organization_id = ? and lower(name) = lower(?) and id <> ?) as taken',
    [SAMPLE.uuid, 'Smile Lab', SAMPLE.uuid2],
  ),
};
