import { SAMPLE, statement, template } from '@dental/persistence';

export const ProgressSql = {
  setting: statement('select mode, cost_percent from progress_setting where clinic_id = ? and organization_id = ?', [
    SAMPLE.uuid,
    SAMPLE.uuid2,
  ]),

  upsertSetting: statement(
    `insert into progress_setting (clinic_id, organization_id, mode, cost_percent, revision) values (?, ?, ?, ?, ?)
       on conflict (clinic_id) do update set mode = excluded.mode, cost_percent = excluded.cost_percent,
         revision = excluded.revision, updated_at = now()
       where progress_setting.revision < excluded.revision
         and progress_setting.organization_id = excluded.organization_id`,
    [SAMPLE.uuid, SAMPLE.uuid2, 'treatments', '10.00', 1],
  ),

  /**
   * The base per physician of the `treatments` mode (treatments performed) or the `registered` mode (money received,
   * net of its bank cost), in the period `dated` (periodCondition), of one physician with `physician`.
   * Parameters: organization, clinic, the period's, the physician's.
   */
  base: template(
    (mode: 'treatments' | 'registered', dated: string, physician: boolean) => {
      const [table, amount] =
        mode === 'treatments' ? ['ledger_treatment', 'amount'] : ['ledger_received', 'amount - bank_cost'];
      return `select physician_id, sum(${amount})::text as amount from ${table}
       where organization_id = ? and clinic_id = ? and not deleted and ${dated}
         ${physician ? 'and physician_id = ?' : ''}
       group by 1`;
    },
    {
      args: ['treatments', 'date >= ?::date and date <= ?::date', true],
      sample: [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.date, SAMPLE.date, SAMPLE.uuid],
    },
    { args: ['registered', 'true', false], sample: [SAMPLE.uuid, SAMPLE.uuid2] },
  ),
};
