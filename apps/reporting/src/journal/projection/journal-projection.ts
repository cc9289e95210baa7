import { atBatchEnd } from '@dental/messaging';
import { executeBound } from '@dental/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { LockSql } from '../../locks.sql';
import { JournalSql } from '../journal.sql';
import { entryLines, Posting, PostingLeg, RecordKind } from '../posting-rules';

/** One event's effect on one record: what the record posts after it. */
export interface PostingChange {
  kind: RecordKind;
  recordId: string;
  organizationId: string;
  /** the event: its id is the entry's id, its type the entry's source */
  eventId: string;
  eventType: string;
  /** another record whose posting `next` looks up (a lab payment's work order) */
  reads?: { kind: RecordKind; id: string };
  /** built once the record's stored posting is known (a lab payment names its work order's number) */
  next: (lookup: PostingLookup) => Posting;
}

export interface PostingLookup {
  /** the reference a record posted under (a work order's number), null when it posted nothing yet */
  reference(kind: RecordKind, recordId: string): string | null;
}

interface StoredPosting {
  kind: RecordKind;
  record_id: string;
  organization_id: string;
  clinic_id: string;
  revision: number;
  date: string;
  currency: string;
  reference: string;
  legs: Array<{ account: PostingLeg['account']; amount: string }>;
}

const recordKey = (kind: string, id: string) => `${kind}:${id}`;

/**
 * The journal (DOMAIN.md E): per record what it last posted, and the lines of every entry. An event whose snapshot is
 * newer than what its record last posted makes one entry (id = the event's id): the reversal of the old legs, then
 * the new ones (reverse-and-repost), dated on the record's date after the event. Older or equal revisions (a
 * redelivery under another id, a reordered older snapshot) post nothing; the inbox drops known event ids.
 *
 * The handlers collect the batch's changes; at the batch's end they are applied in delivery order after one
 * statement took transaction-scoped advisory locks on every record of the batch, sorted, so that two replicas'
 * batches never lock in opposite orders and the second sees what the first committed.
 */
@Injectable()
export class JournalProjection {
  private readonly pending = new WeakMap<EntityManager, PostingChange[]>();

  apply(em: EntityManager, change: PostingChange): Promise<void> {
    let batch = this.pending.get(em);
    if (!batch) {
      batch = [];
      this.pending.set(em, batch);
    }
    batch.push(change);
    return atBatchEnd(em, this, async () => {
      const collected = this.pending.get(em);
      this.pending.delete(em);
      if (collected?.length) await this.applyBatch(em, collected);
    });
  }

  private async applyBatch(em: EntityManager, changes: PostingChange[]): Promise<void> {
    const keys = [...new Set(changes.map((c) => `journal:${recordKey(c.kind, c.recordId)}`))].sort();
    await executeBound(em, LockSql.transactionLocks.text, [JSON.stringify(keys)]);
    // the stored postings of the batch's records, and of the work orders its lab payments name
    const wanted = new Map<string, { kind: string; id: string }>();
    for (const c of changes) {
      wanted.set(recordKey(c.kind, c.recordId), { kind: c.kind, id: c.recordId });
      if (c.reads) wanted.set(recordKey(c.reads.kind, c.reads.id), { kind: c.reads.kind, id: c.reads.id });
    }
    const rows = await executeBound<StoredPosting>(em, JournalSql.readPostings.text, [
      JSON.stringify([...wanted.values()]),
    ]);
    const stored = new Map(rows.map((r) => [recordKey(r.kind, r.record_id), r]));
    const lookup: PostingLookup = {
      reference: (kind, id) => stored.get(recordKey(kind, id))?.reference ?? null,
    };

    const lines: Array<Record<string, unknown>> = [];
    const postings = new Map<string, Record<string, unknown>>();
    for (const change of changes) {
      const key = recordKey(change.kind, change.recordId);
      const before = stored.get(key);
      // an id another organization already posted under is not this organization's record
      if (before && before.organization_id !== change.organizationId) continue;
      const next = change.next(lookup);
      const previous: Posting | null = before ? postingOf(before) : null;
      if (previous && previous.revision >= next.revision) continue;
      for (const line of entryLines(previous, next) ?? []) {
        lines.push({
          organization_id: change.organizationId,
          clinic_id: next.clinicId,
          entry_id: change.eventId,
          date: next.date,
          account: line.account,
          debit: line.debit.toString(),
          credit: line.credit.toString(),
          currency: next.currency,
          source: change.eventType,
          reference: next.reference,
          record_kind: change.kind,
          record_id: change.recordId,
          n: lines.length,
        });
      }
      const row: StoredPosting = {
        kind: change.kind,
        record_id: change.recordId,
        organization_id: change.organizationId,
        clinic_id: next.clinicId,
        revision: next.revision,
        date: next.date,
        currency: next.currency,
        reference: next.reference,
        legs: next.legs.map((l) => ({ account: l.account, amount: l.amount.toString() })),
      };
      stored.set(key, row);
      postings.set(key, { ...row, legs: row.legs });
    }
    if (lines.length) await executeBound(em, JournalSql.insertLines.text, [JSON.stringify(lines)]);
    if (postings.size) await executeBound(em, JournalSql.upsertPostings.text, [JSON.stringify([...postings.values()])]);
  }
}

function postingOf(row: StoredPosting): Posting {
  return {
    revision: row.revision,
    clinicId: row.clinic_id,
    date: row.date,
    currency: row.currency,
    reference: row.reference,
    legs: row.legs.map((l) => ({ account: l.account, amount: BigInt(l.amount) })),
  };
}
