import {
  ClinicCreatedV1,
  PatientPaymentSnapshotV1,
  PhysicianView,
  WorkOrderPaymentSnapshotV1,
} from '@dental/contracts';
import { atBatchEnd } from '@dental/messaging';
import { Money } from '@dental/money';
import { executeBound } from '@dental/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportsSql } from '../reports.sql';

const minor = (amount: string, currency: string) => Money.parse(amount, currency).minor.toString();

/** Payments of one consumer batch (or of one event outside a batch) waiting to be written together. */
interface Pending {
  patientPayments: PatientPaymentSnapshotV1[];
  labPayments: WorkOrderPaymentSnapshotV1[];
}

/**
 * The newest snapshot of each record per organization (one upsert may touch a row once), in rounds: an id that
 * another organization's event reuses goes to a later round, so the owner's snapshot is not hidden behind a
 * stranger's higher revision; the stored row's organization then refuses the stranger as one event at a time would.
 */
export function rounds<T extends { id: string; organizationId: string; revision: number }>(items: T[]): T[][] {
  const newest = new Map<string, T>();
  for (const item of items) {
    const key = `${item.organizationId}:${item.id}`;
    const seen = newest.get(key);
    if (!seen || seen.revision < item.revision) newest.set(key, item);
  }
  const out: T[][] = [];
  const seenIds = new Map<string, number>();
  for (const item of newest.values()) {
    const round = seenIds.get(item.id) ?? 0;
    seenIds.set(item.id, round + 1);
    (out[round] ??= []).push(item);
  }
  return out;
}

// Rows in id order: two replicas' batches lock the rows they share in the same order.
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Keeps one row per money record at its newest revision. Every upsert is guarded by the revision (or, for
 * physicians, the event time) and by the organization, so redelivered, duplicated and reordered events leave the
 * same rows; a delete is the last revision and stays as a tombstone. Payments (the bulk of the events) are collected
 * during a consumer batch and written at its end, inside its transaction, one multi-row upsert per table.
 */
@Injectable()
export class ReportsProjection {
  private readonly pending = new WeakMap<EntityManager, Pending>();

  // A clinic's organization, currency and name never change (payments has no rename event).
  async applyClinic(em: EntityManager, c: ClinicCreatedV1): Promise<void> {
    await em.execute(ReportsSql.rememberClinic.text, [
      c.id,
      c.organizationId,
      c.name,
      c.currency,
      c.timeZone ?? 'UTC',
      c.locale ?? 'en',
    ]);
  }

  applyPatientPayment(em: EntityManager, p: PatientPaymentSnapshotV1): Promise<void> {
    return this.collect(em, (batch) => batch.patientPayments.push(p));
  }

  applyLabPayment(em: EntityManager, p: WorkOrderPaymentSnapshotV1): Promise<void> {
    return this.collect(em, (batch) => batch.labPayments.push(p));
  }

  // Payments are collected and written at the end of the consumer batch: one multi-row upsert per table.
  private collect(em: EntityManager, add: (batch: Pending) => void): Promise<void> {
    let batch = this.pending.get(em);
    if (!batch) {
      batch = { patientPayments: [], labPayments: [] };
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
    for (const round of rounds(batch.patientPayments)) await this.upsertPatientPayments(em, round);
    for (const round of rounds(batch.labPayments)) await this.upsertLabPayments(em, round);
  }

  private async upsertPatientPayments(em: EntityManager, payments: PatientPaymentSnapshotV1[]): Promise<void> {
    const rows = payments.map((p) => ({
      id: p.id,
      organization_id: p.organizationId,
      clinic_id: p.clinicId,
      date: p.date,
      payment_type: p.paymentType,
      amount: minor(p.amount, p.currency),
      bank_cost: p.bankCost === null || p.bankCost === undefined ? '0' : minor(p.bankCost, p.currency),
      currency: p.currency,
      splits: (p.splits ?? []).map((s) => ({ physicianId: s.physicianId, amount: minor(s.amount, p.currency) })),
      revision: p.revision,
      deleted: p.deleted === true,
    }));
    await executeBound(em, ReportsSql.upsertPatientPayments.text, [JSON.stringify(rows.sort(byId))]);
  }

  private async upsertLabPayments(em: EntityManager, payments: WorkOrderPaymentSnapshotV1[]): Promise<void> {
    const rows = payments.map((p) => ({
      id: p.id,
      organization_id: p.organizationId,
      clinic_id: p.clinicId,
      date: p.date,
      amount: minor(p.amount, p.currency),
      currency: p.currency,
      revision: p.revision,
      deleted: p.deleted === true,
    }));
    await executeBound(em, ReportsSql.upsertLabPayments.text, [JSON.stringify(rows.sort(byId))]);
  }

  // PhysicianView has no revision: the newer event wins; at the same instant the later delivery does.
  async applyPhysician(em: EntityManager, p: PhysicianView, occurredAt: string): Promise<void> {
    await em.execute(ReportsSql.upsertPhysician.text, [
      p.id,
      p.organizationId,
      p.clinicId,
      p.name,
      p.commissionPercent ?? null,
      occurredAt,
    ]);
  }
}
