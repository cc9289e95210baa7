import { SAMPLE, statement } from '@dental/persistence';

const WORK_ORDER = SAMPLE.uuid;

export const TreatmentLinksSql = {
  /** The newest snapshot wins (patient-accounts' revision); a treatment's patient and clinic never change. */
  rememberTreatment: statement(
    `insert into known_treatment (id, organization_id, clinic_id, patient_id, deleted, revision)
  values (?, ?, ?, ?, ?, ?)
  on conflict (id) do update set deleted = excluded.deleted, revision = excluded.revision
  where known_treatment.organization_id = excluded.organization_id and known_treatment.revision < excluded.revision`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, SAMPLE.uuid2, false, 1],
  ),

  /** The copied treatments of a JSON array of ids. */
  knownTreatments: statement(
    `select id, organization_id, clinic_id, patient_id, deleted from known_treatment
        where id in (select (json_array_elements_text(?::json))::uuid)`,
    [JSON.stringify([SAMPLE.uuid])],
  ),

  linksRevision: statement('select links_revision from work_order where id = ?', [WORK_ORDER]),

  removeLinks: statement('delete from work_order_treatment where work_order_id = ?', [WORK_ORDER]),

  /** Links the treatments of a JSON array of ids. */
  addLinks: statement(
    `insert into work_order_treatment (work_order_id, treatment_id, organization_id)
           select ?, t::uuid, ? from json_array_elements_text(?::json) as t`,
    [WORK_ORDER, SAMPLE.uuid2, JSON.stringify([SAMPLE.uuid])],
  ),

  nextLinksRevision: statement(
    'update work_order set links_revision = links_revision + 1 where id = ? returning links_revision',
    [WORK_ORDER],
  ),

  linkedTreatments: statement(
    'select treatment_id from work_order_treatment where work_order_id = ? order by treatment_id',
    [WORK_ORDER],
  ),
};
