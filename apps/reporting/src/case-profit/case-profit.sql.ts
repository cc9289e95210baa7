import { SAMPLE, statement, template } from '@dental/persistence';

export const CaseProfitSql = {
  upsertWorkOrder: statement(
    `insert into case_work_order (id, organization_id, clinic_id, lab_id, patient_id, number, documented_date, status,
                                    total, currency, revision)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set clinic_id = excluded.clinic_id, lab_id = excluded.lab_id,
         patient_id = excluded.patient_id, number = excluded.number, documented_date = excluded.documented_date,
         status = excluded.status, total = excluded.total, currency = excluded.currency, revision = excluded.revision,
         updated_at = now()
       where case_work_order.revision < excluded.revision
         and case_work_order.organization_id = excluded.organization_id`,
    [SAMPLE.uuid, SAMPLE.uuid, SAMPLE.uuid, SAMPLE.uuid, null, 'WO-1', SAMPLE.date, 'ordered', '100000', 'EUR', 1],
  ),

  upsertLab: statement(
    `insert into case_lab (id, organization_id, name, revision) values (?, ?, ?, ?)
       on conflict (id) do update set name = excluded.name, revision = excluded.revision
       where case_lab.revision < excluded.revision and case_lab.organization_id = excluded.organization_id`,
    [SAMPLE.uuid, SAMPLE.uuid2, 'Lab', 1],
  ),

  /** The treatments linked to a work order (a JSON array of ids), when the links' revision is newer. */
  upsertLinks: statement(
    `insert into case_link_set (work_order_id, organization_id, clinic_id, treatment_ids, links_revision)
       values (?, ?, ?, (select coalesce(array_agg(t::uuid order by t), '{}') from json_array_elements_text(?::json) t),
               ?)
       on conflict (work_order_id) do update set clinic_id = excluded.clinic_id,
         treatment_ids = excluded.treatment_ids, links_revision = excluded.links_revision, updated_at = now()
       where case_link_set.links_revision < excluded.links_revision
         and case_link_set.organization_id = excluded.organization_id`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, SAMPLE.json, 1],
  ),

  /**
   * The lab cases of a clinic with their live linked treatments: documented in `documented` (periodCondition),
   * of one lab with `labFilter`, with the `having` conditions on the treatments (physician, treated period).
   * Parameters: organization, clinic, the period's, the lab's, the having's.
   */
  labCases: template(
    (documented: string, labFilter: boolean, having: string[]) =>
      `select w.id, w.number, w.documented_date::text as documented_date, w.lab_id,
              coalesce(l.name, w.lab_id::text) as lab_name, w.patient_id, w.total::text as total,
              json_agg(json_build_object('id', t.id, 'physicianId', t.physician_id, 'date', t.date::text,
                                         'amount', t.amount::text) order by t.date, t.id) as treatments
       from case_work_order w
       join case_link_set k on k.work_order_id = w.id and k.organization_id = w.organization_id
       join ledger_treatment t on t.id = any(k.treatment_ids) and t.organization_id = w.organization_id
         and t.clinic_id = w.clinic_id and not t.deleted
       left join case_lab l on l.id = w.lab_id and l.organization_id = w.organization_id
       where w.organization_id = ? and w.clinic_id = ? and w.status <> 'cancelled' and ${documented}
         ${labFilter ? 'and w.lab_id = ?' : ''}
       group by w.id, l.name
       ${having.length ? `having ${having.join(' and ')}` : ''}
       order by w.documented_date, w.number, w.id`,
    {
      args: [
        'w.documented_date >= ?::date and w.documented_date <= ?::date',
        true,
        ['bool_or(t.physician_id = ?)', 'bool_or(t.date >= ?::date)'],
      ],
      sample: [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.date, SAMPLE.date, SAMPLE.uuid, SAMPLE.uuid, SAMPLE.date],
    },
    { args: ['true', false, []], sample: [SAMPLE.uuid, SAMPLE.uuid2] },
  ),

  /** The names of the physicians of a JSON array of ids. */
  physicianNames: statement(
    `select id, name from report_physician
     where organization_id = ? and id in (select (json_array_elements_text(?::json))::uuid)`,
    [SAMPLE.uuid, SAMPLE.json],
  ),
};
