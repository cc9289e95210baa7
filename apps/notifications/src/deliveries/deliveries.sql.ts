import { SAMPLE, statement, template } from '@dental/persistence';

export const DeliveriesSql = {
  /** The atomic claim: a delivery whose turn has come, not held by another sender, is taken with its try counted. */
  claim: statement(
    `update delivery set attempt_count = attempt_count + 1,
    lease_until = now() + (? * interval '1 millisecond'), updated_at = now()
  where id in (
    select id from delivery
     where status = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
     order by next_attempt_at limit ? for update skip locked)
  returning id, attempt_count`,
    [30000, 20],
  ),

  /** The holder of a try keeps its claim alive; nothing happens once the try was settled or taken over. */
  renewLease: statement(
    `update delivery set lease_until = now() + (? * interval '1 millisecond')
  where id = ? and attempt_count = ? and status = 'pending'`,
    [30000, SAMPLE.uuid, 1],
  ),

  recordAttempt: statement(
    `insert into delivery_attempt (id, organization_id, delivery_id, attempt, succeeded, response, error)
  values (?, ?, ?, ?, ?, ?, ?) on conflict (delivery_id, attempt) do nothing`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, 1, false, null, 'timeout'],
  ),

  /** Settles a try (sent, dead, or pending again after a backoff); only its holder may (attempt_count). */
  settleAttempt: statement(
    `update delivery set status = ?, lease_until = null, updated_at = now(),
           next_attempt_at = case when ? then now() + (? * interval '1 millisecond') else null end
         where id = ? and attempt_count = ? and status = 'pending'`,
    ['pending', true, 60000, SAMPLE.uuid, 1],
  ),

  /** One page of deliveries with their attempts, newest first; `where` is list-deliveries' conditions. */
  list: template(
    (where: string) =>
      `select d.id, d.organization_id, d.clinic_id, d.reminder_id, r.kind, r.source_id, to_char(r.due_date, 'YYYY-MM-DD') as due_date,
              d.channel, d.target, d.status, d.next_attempt_at, d.created_at, count(*) over () as total,
              coalesce((select json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'succeeded', a.succeeded,
                          'response', a.response, 'error', a.error) order by a.attempt)
                        from delivery_attempt a where a.delivery_id = d.id), '[]') as attempts
         from delivery d join reminder r on r.id = d.reminder_id
        where ${where}
        order by d.created_at desc, d.id limit ? offset ?`,
    { args: ['d.organization_id = ?'], sample: [SAMPLE.uuid, 50, 0] },
    {
      args: [
        'd.organization_id = ? and d.clinic_id = any(?::uuid[]) and d.status = ? and r.kind = ? and r.source_id::text = ?',
      ],
      sample: [SAMPLE.uuid, `{${SAMPLE.uuid2}}`, 'dead', 'alert', SAMPLE.uuid2, 50, 100],
    },
  ),
};
