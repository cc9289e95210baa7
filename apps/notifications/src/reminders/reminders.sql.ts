import { SAMPLE, statement } from '@dental/persistence';

export const RemindersSql = {
  /** Schedules a reminder; a second one for the same source and day is the same reminder. */
  scheduleReminder: statement(
    `insert into reminder
  (id, organization_id, clinic_id, kind, source_id, due_date, patient_id, data, status)
  values (?, ?, ?, ?, ?, ?, ?, ?, 'scheduled')
  on conflict (kind, source_id, due_date) do nothing`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, 'alert', SAMPLE.uuid2, SAMPLE.date, null, '{}'],
  ),

  /** Applies a source's snapshot only when newer than the one held: replays and reordered redeliveries change nothing. */
  rememberSource: statement(
    `insert into reminder_source (id, kind, organization_id, clinic_id, patient_id, revision, data)
  values (?, ?, ?, ?, ?, ?, ?)
  on conflict (id) do update set revision = excluded.revision, data = excluded.data
  where reminder_source.revision < excluded.revision
  returning id`,
    [SAMPLE.uuid, 'contract', SAMPLE.uuid2, SAMPLE.uuid, SAMPLE.uuid2, 1, '{}'],
  ),

  sourceData: statement('select data from reminder_source where id = ?', [SAMPLE.uuid]),

  clinicTimeZone: statement('select time_zone from clinic_profile where id = ?', [SAMPLE.uuid]),

  /** A cancelled work order's reminders not sent yet are dropped. */
  cancelWorkOrderReminders: statement(
    `update reminder set status = 'cancelled', outcome = 'work order cancelled', updated_at = now()
          where kind = 'work-order-installment' and source_id = ? and status = 'scheduled'`,
    [SAMPLE.uuid],
  ),

  /**
   * Claims the clinic's next reminder due on or before a day, except those of a uuid array literal (`{…}`) whose
   * facts could not be read in this pass; replicas skip each other's claims.
   */
  claimDueReminder: statement(
    `select id from reminder where clinic_id = ? and status = 'scheduled' and due_date <= ?
               and id <> all(?::uuid[]) order by due_date, created_at limit 1 for update skip locked`,
    [SAMPLE.uuid, SAMPLE.date, `{${SAMPLE.uuid2}}`],
  ),

  /** A delivery of a dispatched reminder; the same reminder, channel and target again is the same delivery. */
  addDelivery: statement(
    `insert into delivery
  (id, organization_id, clinic_id, reminder_id, channel, target, subject, body, attachment, status, next_attempt_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', now())
  on conflict (reminder_id, channel, target) do nothing`,
    [SAMPLE.uuid, SAMPLE.uuid2, SAMPLE.uuid, SAMPLE.uuid2, 'email', 'ada@example.com', 'Subject', 'Body', null],
  ),
};
