import {
  LabSnapshotV1,
  paymentStatus,
  PaymentStatus,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { Money } from '@dental/money';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BucketedWorkOrder, bucketWrites } from './month-buckets';

/** The stored work order as the projection reads it; every column null when it is not stored yet. */
interface StoredWorkOrder {
  organization_id: string | null;
  clinic_id: string;
  lab_id: string;
  payment_method: string;
  cancelled: boolean;
  currency: string;
  documented_date: string;
  total_amount: string;
  paid_amount: string;
  revision: number;
}

const STORED_COLUMNS = `w.organization_id, w.clinic_id, w.lab_id, w.payment_method, w.cancelled, w.currency,
  w.documented_date, w.total_amount::text as total_amount, w.paid_amount::text as paid_amount, w.revision`;

const bucketed = (row: StoredWorkOrder): BucketedWorkOrder => ({
  organizationId: row.organization_id!,
  clinicId: row.clinic_id,
  labId: row.lab_id,
  paymentMethod: row.payment_method,
  cancelled: row.cancelled,
  currency: row.currency.trim(),
  documentedDate: row.documented_date,
  total: BigInt(row.total_amount),
  paid: BigInt(row.paid_amount),
});

const lockKey = (kind: 'lab' | 'work-order', id: string) => `finance:${kind}:${id}`;

/**
 * Serializes every change of one lab or one work order (its payments included) across transactions and replicas
 * until the transaction ends; lab before work order, always. A statement of its own: in READ COMMITTED the reads
 * that follow must start after the lock is held, to see what the transaction we waited for committed.
 */
async function lock(em: EntityManager, keys: string[]): Promise<void> {
  await em.execute(`select ${keys.map(() => 'pg_advisory_xact_lock(hashtextextended(?, 0))').join(', ')}`, keys);
}

function status(paid: bigint, total: bigint, currency: string): PaymentStatus {
  return paymentStatus(Money.of(paid, currency), Money.of(total, currency));
}

/** Runs `writes` as one statement: all but the last as data-modifying CTEs (each runs once, whether read or not). */
async function executeAll(em: EntityManager, writes: Array<{ sql: string; params: unknown[] } | null>): Promise<void> {
  const list = writes.filter((w): w is { sql: string; params: unknown[] } => w !== null);
  if (!list.length) return;
  const last = list[list.length - 1];
  const ctes = list.slice(0, -1).map((w, i) => `w${i} as (${w.sql})`);
  await em.execute(
    `${ctes.length ? `with ${ctes.join(', ')} ` : ''}${last.sql}`,
    list.flatMap((w) => w.params),
  );
}

/**
 * Keeps the Finance read models from the snapshots in the events. Each snapshot carries the whole state and a
 * revision: it applies only when newer than what is stored, so a redelivered, replayed or overtaken event changes
 * nothing. Paid is recomputed from the live payments each time, never incremented, so the order in which payments
 * and their work order arrive does not matter. Runs inside the consumer's transaction (with the inbox record), in
 * few statements: a replay handles every event of the streams.
 */
@Injectable()
export class FinanceProjection {
  async applyLab(em: EntityManager, lab: LabSnapshotV1): Promise<void> {
    await lock(em, [lockKey('lab', lab.id)]);
    await em.execute(
      `with lab as (
         insert into finance_lab (id, organization_id, name, revision) values (?, ?, ?, ?)
         on conflict (id) do update set name = excluded.name, revision = excluded.revision, updated_at = now()
         where finance_lab.revision < excluded.revision and finance_lab.organization_id = excluded.organization_id
         returning id, organization_id, name)
       update finance_work_order w set lab_name = lab.name from lab
       where w.lab_id = lab.id and w.organization_id = lab.organization_id and w.lab_name <> lab.name`,
      [lab.id, lab.organizationId, lab.name, lab.revision],
    );
  }

  async applyWorkOrder(em: EntityManager, wo: WorkOrderSnapshotV1): Promise<void> {
    await lock(em, [lockKey('lab', wo.labId), lockKey('work-order', wo.id)]);
    const [read] = await em.execute<(StoredWorkOrder & { live_paid: string; lab_name: string | null })[]>(
      `select ${STORED_COLUMNS},
         (select coalesce(sum(amount), 0) from finance_work_order_payment
          where work_order_id = ? and organization_id = ? and not deleted)::text as live_paid,
         (select name from finance_lab where id = ? and organization_id = ?) as lab_name
       from (select 1) as one left join finance_work_order w on w.id = ?`,
      [wo.id, wo.organizationId, wo.labId, wo.organizationId, wo.id],
    );
    const stored = read.organization_id === null ? null : read;
    if (stored && (stored.revision >= wo.revision || stored.organization_id !== wo.organizationId)) return;

    const paid = BigInt(read.live_paid);
    const total = Money.parse(wo.paymentPlan.totalAmount, wo.currency).minor;
    const cancelled = wo.status === 'cancelled';
    const after: BucketedWorkOrder = {
      organizationId: wo.organizationId,
      clinicId: wo.clinicId,
      labId: wo.labId,
      paymentMethod: wo.paymentPlan.paymentMethod,
      cancelled,
      currency: wo.currency,
      documentedDate: wo.documentedDate,
      total,
      paid,
    };
    await executeAll(em, [
      {
        sql: `insert into finance_work_order (id, organization_id, clinic_id, lab_id, lab_name, number, payment_method, status,
                cancelled, currency, documented_date, total_amount, paid_amount, payment_status, revision)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              on conflict (id) do update set clinic_id = excluded.clinic_id, lab_id = excluded.lab_id,
                lab_name = excluded.lab_name, number = excluded.number, payment_method = excluded.payment_method,
                status = excluded.status, cancelled = excluded.cancelled, currency = excluded.currency,
                documented_date = excluded.documented_date, total_amount = excluded.total_amount,
                paid_amount = excluded.paid_amount, payment_status = excluded.payment_status,
                revision = excluded.revision, updated_at = now()`,
        params: [
          wo.id,
          wo.organizationId,
          wo.clinicId,
          wo.labId,
          read.lab_name ?? '',
          wo.number,
          wo.paymentPlan.paymentMethod,
          wo.status,
          cancelled,
          wo.currency,
          wo.documentedDate,
          total,
          paid,
          status(paid, total, wo.currency),
          wo.revision,
        ],
      },
      {
        sql: 'insert into finance_clinic (id, organization_id) values (?, ?) on conflict do nothing',
        params: [wo.clinicId, wo.organizationId],
      },
      ...bucketWrites(stored && bucketed(stored), after),
    ]);
  }

  async applyPayment(em: EntityManager, payment: WorkOrderPaymentSnapshotV1): Promise<void> {
    await lock(em, [lockKey('work-order', payment.workOrderId)]);
    const amount = Money.parse(payment.amount, payment.currency).minor;
    // The upsert and the reads share one snapshot, which does not show the upserted row: sum the other payments.
    const [read] = await em.execute<(StoredWorkOrder & { changed: number; other_paid: string })[]>(
      `with upserted as (
         insert into finance_work_order_payment (id, organization_id, work_order_id, amount, currency, revision, deleted)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict (id) do update set amount = excluded.amount, currency = excluded.currency,
           revision = excluded.revision, deleted = excluded.deleted, updated_at = now()
         where finance_work_order_payment.revision < excluded.revision
           and finance_work_order_payment.organization_id = excluded.organization_id
           and finance_work_order_payment.work_order_id = excluded.work_order_id
         returning id)
       select (select count(*) from upserted)::int as changed,
         (select coalesce(sum(amount), 0) from finance_work_order_payment
          where work_order_id = ? and organization_id = ? and not deleted and id <> ?)::text as other_paid,
         ${STORED_COLUMNS}
       from (select 1) as one left join finance_work_order w on w.id = ? and w.organization_id = ?`,
      [
        payment.id,
        payment.organizationId,
        payment.workOrderId,
        amount,
        payment.currency,
        payment.revision,
        payment.deleted,
        payment.workOrderId,
        payment.organizationId,
        payment.id,
        payment.workOrderId,
        payment.organizationId,
      ],
    );
    // stale or duplicate snapshot; or the work order is not known yet (its own event will sum the payments)
    if (!read.changed || read.organization_id === null) return;
    const before = bucketed(read);
    const paid = BigInt(read.other_paid) + (payment.deleted ? 0n : amount);
    if (paid === before.paid) return;
    await executeAll(em, [
      {
        sql: 'update finance_work_order set paid_amount = ?, payment_status = ?, updated_at = now() where id = ?',
        params: [paid, status(paid, before.total, before.currency), payment.workOrderId],
      },
      ...bucketWrites(before, { ...before, paid }),
    ]);
  }
}
