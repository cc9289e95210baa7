import {
  LabSnapshotV1,
  paymentStatus,
  PaymentStatus,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { atBatchEnd } from '@dental/messaging';
import { Money } from '@dental/money';
import { BoundParam, executeBound } from '@dental/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { LockSql } from '../../locks.sql';
import { FinanceSql } from '../finance.sql';
import { BucketedWorkOrder, bucketWrites } from './month-buckets';

/** The stored work order as the projection reads it; every stored column null when it is not stored yet. */
interface StoredWorkOrder {
  key_id: string;
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
  /** the sum of the work order's live payments of the organization asked for */
  live_paid: string;
  /** the name of the snapshot's lab, when a snapshot is applied */
  lab_name: string | null;
}

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

/** Events of one consumer batch (or of one event outside a batch) waiting to be applied together. */
interface Pending {
  labs: LabSnapshotV1[];
  workOrders: WorkOrderSnapshotV1[];
  payments: WorkOrderPaymentSnapshotV1[];
}

type Write = { sql: string; params: BoundParam[] } | null;

/** The newest snapshot of each id: older ones in the same batch would be refused anyway. */
function newest<T extends { id: string; revision: number }>(items: T[]): T[] {
  const byId = new Map<string, T>();
  for (const item of items) {
    const seen = byId.get(item.id);
    if (!seen || seen.revision < item.revision) byId.set(item.id, item);
  }
  return [...byId.values()];
}

const lockKey = (kind: 'lab' | 'work-order', id: string) => `finance:${kind}:${id}`;

/**
 * Serializes every change of one lab or one work order (its payments included) across transactions and replicas
 * until the transaction ends: all labs, then all work orders, each in sorted order, so two batches never wait on each
 * other in a circle. A statement of its own: in READ COMMITTED the reads that follow must start after the locks are
 * held, to see what the transactions we waited for committed.
 */
async function lock(em: EntityManager, labIds: Iterable<string>, workOrderIds: Iterable<string>): Promise<void> {
  const keys = [
    ...[...new Set(labIds)].sort().map((id) => lockKey('lab', id)),
    ...[...new Set(workOrderIds)].sort().map((id) => lockKey('work-order', id)),
  ];
  if (!keys.length) return;
  await executeBound(em, LockSql.transactionLocks.text, [JSON.stringify(keys)]);
}

function status(paid: bigint, total: bigint, currency: string): PaymentStatus {
  return paymentStatus(Money.of(paid, currency), Money.of(total, currency));
}

/** Runs `writes` as one statement: all but the last as data-modifying CTEs (each runs once, whether read or not). */
async function executeAll(em: EntityManager, writes: Write[]): Promise<void> {
  const list = writes.filter((w): w is { sql: string; params: BoundParam[] } => w !== null);
  if (!list.length) return;
  const last = list[list.length - 1];
  const ctes = list.slice(0, -1).map((w, i) => `w${i} as (${w.sql})`);
  await executeBound(
    em,
    `${ctes.length ? `with ${ctes.join(', ')} ` : ''}${last.sql}`,
    list.flatMap((w) => w.params),
  );
}

/**
 * Keeps the Finance read models from the snapshots in the events. Each snapshot carries the whole state and a
 * revision: it applies only when newer than what is stored, so a redelivered, replayed or overtaken event changes
 * nothing. Paid is recomputed from the live payments each time, never incremented, so the order in which payments
 * and their work order arrive does not matter. The events of a consumer batch are collected and applied together at
 * its end (inside its transaction, with the inbox records) in a handful of set-based statements, whatever the batch
 * size: a replay or a burst of payments costs a few statements per batch, not per event.
 */
@Injectable()
export class FinanceProjection {
  private readonly pending = new WeakMap<EntityManager, Pending>();

  applyLab(em: EntityManager, lab: LabSnapshotV1): Promise<void> {
    return this.collect(em, (p) => p.labs.push(lab));
  }

  applyWorkOrder(em: EntityManager, wo: WorkOrderSnapshotV1): Promise<void> {
    return this.collect(em, (p) => p.workOrders.push(wo));
  }

  applyPayment(em: EntityManager, payment: WorkOrderPaymentSnapshotV1): Promise<void> {
    return this.collect(em, (p) => p.payments.push(payment));
  }

  private collect(em: EntityManager, add: (pending: Pending) => void): Promise<void> {
    let pending = this.pending.get(em);
    if (!pending) {
      pending = { labs: [], workOrders: [], payments: [] };
      this.pending.set(em, pending);
    }
    add(pending);
    return atBatchEnd(em, this, async () => {
      const batch = this.pending.get(em);
      this.pending.delete(em);
      if (batch) await this.applyBatch(em, batch);
    });
  }

  /** Applies labs, then payments, then work orders (recomputed from their live payments), in that order. */
  async applyBatch(em: EntityManager, batch: Pending): Promise<void> {
    const labs = newest(batch.labs);
    const workOrders = newest(batch.workOrders);
    const payments = newest(batch.payments);
    await lock(
      em,
      [...labs.map((l) => l.id), ...workOrders.map((w) => w.labId)],
      [...workOrders.map((w) => w.id), ...payments.map((p) => p.workOrderId)],
    );
    for (const lab of labs) await this.upsertLab(em, lab);
    const snapshots = new Map(workOrders.map((w) => [w.id, w]));
    await this.applyPayments(em, payments, [...snapshots.keys()]);
    if (snapshots.size) await this.applyWorkOrders(em, snapshots);
  }

  private async upsertLab(em: EntityManager, lab: LabSnapshotV1): Promise<void> {
    await em.execute(FinanceSql.upsertLab.text, [lab.id, lab.organizationId, lab.name, lab.revision]);
  }

  /**
   * One statement: stores the payment snapshots newer than what is stored, and moves the paid amount of each stored
   * work order (of the payment's organization) by what its live payments changed (new live amount − old live amount,
   * from the rows the upsert replaced), with its payment status (the rule of paymentStatus in contracts) and both
   * levels of month buckets. Work orders with a snapshot in the batch are left to applyWorkOrders, which sums their
   * live payments afresh. The work-order locks make the replaced rows the ones read here.
   */
  private async applyPayments(
    em: EntityManager,
    payments: WorkOrderPaymentSnapshotV1[],
    snapshotIds: string[],
  ): Promise<void> {
    if (!payments.length) return;
    const rows = payments
      .map((p) => ({
        id: p.id,
        organization_id: p.organizationId,
        work_order_id: p.workOrderId,
        amount: Money.parse(p.amount, p.currency).minor.toString(),
        currency: p.currency,
        revision: p.revision,
        deleted: p.deleted,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await executeBound(em, FinanceSql.applyPayments.text, [JSON.stringify(rows), JSON.stringify(snapshotIds)]);
  }

  /**
   * Brings each touched work order to its newest snapshot (when the batch holds one newer than the stored row) and
   * its paid amount to the sum of its live payments, with the month buckets, in one read and one write statement.
   */
  private async applyWorkOrders(em: EntityManager, snapshots: Map<string, WorkOrderSnapshotV1>): Promise<void> {
    const keys = [...snapshots.values()].map((w) => ({ id: w.id, org: w.organizationId, lab_id: w.labId }));
    const read = await executeBound<StoredWorkOrder>(em, FinanceSql.readWorkOrders.text, [JSON.stringify(keys)]);
    const upserts: Array<{ id: string; clinic_id: string; organization_id: string } & Record<string, unknown>> = [];
    const paidUpdates: Array<{ id: string; paid: string; payment_status: PaymentStatus }> = [];
    const moves: Array<[BucketedWorkOrder | null, BucketedWorkOrder]> = [];
    for (const row of read) {
      const stored = row.organization_id === null ? null : row;
      const org = snapshots.get(row.key_id)!.organizationId;
      const paid = BigInt(row.live_paid);
      const wo = snapshots.get(row.key_id);
      if (wo && (!stored || (stored.revision < wo.revision && stored.organization_id === wo.organizationId))) {
        const total = Money.parse(wo.paymentPlan.totalAmount, wo.currency).minor;
        const cancelled = wo.status === 'cancelled';
        upserts.push({
          id: wo.id,
          organization_id: wo.organizationId,
          clinic_id: wo.clinicId,
          lab_id: wo.labId,
          lab_name: row.lab_name ?? '',
          number: wo.number,
          payment_method: wo.paymentPlan.paymentMethod,
          status: wo.status,
          cancelled,
          currency: wo.currency,
          documented_date: wo.documentedDate,
          total_amount: total.toString(),
          paid_amount: paid.toString(),
          payment_status: status(paid, total, wo.currency),
          revision: wo.revision,
        });
        moves.push([
          stored && bucketed(stored),
          {
            organizationId: wo.organizationId,
            clinicId: wo.clinicId,
            labId: wo.labId,
            paymentMethod: wo.paymentPlan.paymentMethod,
            cancelled,
            currency: wo.currency,
            documentedDate: wo.documentedDate,
            total,
            paid,
          },
        ]);
      } else if (stored && stored.organization_id === org) {
        // its payments changed (or a stale snapshot came): paid follows the live payments
        const before = bucketed(stored);
        if (paid === before.paid) continue;
        paidUpdates.push({
          id: row.key_id,
          paid: paid.toString(),
          payment_status: status(paid, before.total, before.currency),
        });
        moves.push([before, { ...before, paid }]);
      }
      // otherwise: payments of a work order not known yet (its own event will sum them)
    }
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    await executeAll(em, [
      upserts.length
        ? {
            sql: FinanceSql.upsertWorkOrders.text,
            params: [JSON.stringify(upserts.sort(byId))],
          }
        : null,
      upserts.length
        ? {
            sql: FinanceSql.insertClinics.text,
            params: [
              JSON.stringify(upserts.map((u) => ({ clinic_id: u.clinic_id, organization_id: u.organization_id }))),
            ],
          }
        : null,
      paidUpdates.length
        ? {
            sql: FinanceSql.updatePaid.text,
            params: [JSON.stringify(paidUpdates.sort(byId))],
          }
        : null,
      ...bucketWrites(...moves),
    ]);
  }
}
