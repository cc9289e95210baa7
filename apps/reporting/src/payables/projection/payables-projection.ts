import { WorkOrderPaymentSnapshotV1, WorkOrderSnapshotV1 } from '@dental/contracts';
import { atBatchEnd } from '@dental/messaging';
import { Money } from '@dental/money';
import { executeBound } from '@dental/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { rounds } from '../../reports/projection/reports-projection';
import { PayablesSql } from '../payables.sql';

/** Snapshots of one consumer batch (or of one event outside a batch) waiting to be written together. */
interface Pending {
  workOrders: WorkOrderSnapshotV1[];
  payments: WorkOrderPaymentSnapshotV1[];
}

const minor = (amount: string, currency: string) => Money.parse(amount, currency).minor.toString();

/** A plan's installments in plan order; a plan with none (older snapshots) is one installment of the total. */
function installmentsOf(wo: WorkOrderSnapshotV1): Array<{ dueDate: string; amount: string }> {
  const { installments, totalAmount } = wo.paymentPlan;
  return installments.length ? installments : [{ dueDate: wo.documentedDate, amount: totalAmount }];
}

/**
 * Keeps what payables aging needs beyond the Finance read model: each work order's installments (from the
 * work-order snapshots) and each payment's date (from the payment snapshots). Both are whole snapshots with a
 * revision, applied only when newer than what is stored (and only within the organization that stored them), so
 * redelivered, duplicated and reordered events leave the same rows; nothing is incremented. A work order's
 * installments are replaced together with its plan row, whose row lock (taken by the upsert, held to the commit)
 * keeps a concurrent batch of another replica from interleaving with the replacement. Collected per consumer batch
 * and written at its end: three statements per batch (per round, see `rounds`).
 */
@Injectable()
export class PayablesProjection {
  private readonly pending = new WeakMap<EntityManager, Pending>();

  applyWorkOrder(em: EntityManager, wo: WorkOrderSnapshotV1): Promise<void> {
    return this.collect(em, (batch) => batch.workOrders.push(wo));
  }

  applyPayment(em: EntityManager, payment: WorkOrderPaymentSnapshotV1): Promise<void> {
    return this.collect(em, (batch) => batch.payments.push(payment));
  }

  private collect(em: EntityManager, add: (batch: Pending) => void): Promise<void> {
    let batch = this.pending.get(em);
    if (!batch) {
      batch = { workOrders: [], payments: [] };
      this.pending.set(em, batch);
    }
    add(batch);
    return atBatchEnd(em, this, async () => {
      const collected = this.pending.get(em);
      this.pending.delete(em);
      if (collected) await this.applyBatch(em, collected);
    });
  }

  private async applyBatch(em: EntityManager, batch: Pending): Promise<void> {
    for (const round of rounds(batch.workOrders)) await this.upsertPlans(em, round);
    for (const round of rounds(batch.payments)) await this.upsertPayments(em, round);
  }

  private async upsertPlans(em: EntityManager, workOrders: WorkOrderSnapshotV1[]): Promise<void> {
    const plans = workOrders
      .map((w) => ({ work_order_id: w.id, organization_id: w.organizationId, revision: w.revision }))
      .sort((a, b) => (a.work_order_id < b.work_order_id ? -1 : a.work_order_id > b.work_order_id ? 1 : 0));
    // the plans newer than the stored ones (rows locked to the commit); their old installments deleted
    const accepted = await executeBound<{ work_order_id: string }>(em, PayablesSql.upsertPlans.text, [
      JSON.stringify(plans),
    ]);
    if (!accepted.length) return;
    const ids = new Set(accepted.map((r) => r.work_order_id));
    const installments = workOrders
      .filter((w) => ids.has(w.id))
      .flatMap((w) =>
        installmentsOf(w).map((i, index) => ({
          work_order_id: w.id,
          organization_id: w.organizationId,
          plan_index: index,
          due_date: i.dueDate,
          amount: minor(i.amount, w.currency),
        })),
      );
    // oldest due first (plan order among equal dates), each with the sum of the installments before it
    await executeBound(em, PayablesSql.insertInstallments.text, [JSON.stringify(installments)]);
  }

  private async upsertPayments(em: EntityManager, payments: WorkOrderPaymentSnapshotV1[]): Promise<void> {
    const rows = payments
      .map((p) => ({
        id: p.id,
        organization_id: p.organizationId,
        work_order_id: p.workOrderId,
        date: p.date,
        amount: minor(p.amount, p.currency),
        revision: p.revision,
        deleted: p.deleted === true,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await executeBound(em, PayablesSql.upsertPayments.text, [JSON.stringify(rows)]);
  }
}
