import { SAMPLE, statement, template } from '@dental/persistence';

/** A scope and period condition as journal-lines.handler.ts builds it, with its named values (samples). */
const CONDITION = 'organization_id = :org and clinic_id in (:clinics) and date >= :from::date and date <= :to::date';
const VALUES = { org: SAMPLE.uuid, clinics: [SAMPLE.uuid, SAMPLE.uuid2], from: SAMPLE.date, to: SAMPLE.date };

export const JournalSql = {
  /** The stored postings of the records keyed in a JSON array of {kind, id}. */
  readPostings: statement(
    `select p.kind, p.record_id, p.organization_id, p.clinic_id, p.revision, to_char(p.date, 'YYYY-MM-DD') as date,
         trim(p.currency) as currency, p.reference, p.legs
       from journal_posting p
       join json_to_recordset(?::json) as w(kind text, id uuid) on p.kind = w.kind and p.record_id = w.id`,
    [SAMPLE.json],
  ),

  insertLines: statement(
    `insert into journal_line (organization_id, clinic_id, entry_id, date, account, debit, credit, currency,
           source, reference, record_kind, record_id)
         select organization_id, clinic_id, entry_id, date, account, debit, credit, currency, source, reference,
           record_kind, record_id
         from json_to_recordset(?::json) as l(organization_id uuid, clinic_id uuid, entry_id uuid,
           date date, account text, debit bigint, credit bigint, currency char(3), source text, reference text,
           record_kind text, record_id uuid, n int)
         order by n`,
    [SAMPLE.json],
  ),

  upsertPostings: statement(
    `insert into journal_posting (kind, record_id, organization_id, clinic_id, revision, date, currency, reference,
           legs)
         select kind, record_id, organization_id, clinic_id, revision, date, currency, reference, legs
         from json_to_recordset(?::json) as p(kind text, record_id uuid, organization_id uuid, clinic_id uuid,
           revision int, date date, currency char(3), reference text, legs jsonb)
         order by kind, record_id
         on conflict (kind, record_id) do update set clinic_id = excluded.clinic_id, revision = excluded.revision,
           date = excluded.date, currency = excluded.currency, reference = excluded.reference, legs = excluded.legs
         where journal_posting.organization_id = excluded.organization_id`,
    [SAMPLE.json],
  ),

  /** Debit and credit per currency of the lines matching `condition` (named values). */
  lineTotals: template(
    (condition: string) =>
      `select trim(currency) as currency, sum(debit)::text as debit, sum(credit)::text as credit
           from journal_line where ${condition} group by currency`,
    { args: [CONDITION], sample: VALUES },
  ),

  /** A chunk of lines by date then id, after (:afterDate, :afterId) when `keyset`; at most :limit. */
  linesPage: template(
    (condition: string, keyset: boolean) =>
      // ordered by the columns, not by the text aliases of the same names
      `select id::text as id, to_char(date, 'YYYY-MM-DD') as date, entry_id, account, debit::text as debit,
             credit::text as credit, trim(currency) as currency, source, reference, clinic_id
           from journal_line
           where ${condition} ${keyset ? 'and (date, id) > (:afterDate::date, :afterId::bigint)' : ''}
           order by journal_line.date, journal_line.id
           limit :limit`,
    { args: [CONDITION, true], sample: { ...VALUES, afterDate: SAMPLE.date, afterId: 7, limit: 1001 } },
    { args: ['organization_id = :org', false], sample: { org: SAMPLE.uuid, limit: 1001 } },
  ),
};
