import {
  ClosureView,
  ContractView,
  PatientPaymentSnapshotV1,
  PatientView,
  TreatmentSnapshotV1,
} from '@dental/contracts';
import { atBatchEnd } from '@dental/messaging';
import { Money } from '@dental/money';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { LockSql } from '../../locks.sql';
import { CLINIC_SUMS, LedgerSql } from '../ledger.sql';

export { CLINIC_SUMS } from '../ledger.sql';

const minor = (amount: string, currency: string) => Money.parse(amount, currency).minor.toString();

/** A received-money snapshot; events recorded before `physicianId` existed lack it (read as null). */
export type LedgerPaymentSnapshot = PatientPaymentSnapshotV1;

interface Timed<T> {
  value: T;
  occurredAt: string;
}

/** The events of one consumer batch (or of one event outside a batch) waiting to be written together. */
interface Pending {
  patients: Timed<PatientView>[];
  treatments: Timed<TreatmentSnapshotV1>[];
  received: LedgerPaymentSnapshot[];
  closures: Array<{ closure: ClosureView; undone: boolean }>;
  contracts: ContractView[];
}

// Rows in id order: two replicas' batches lock and write the rows they share in the same order.
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The newest item per (organization, id), in rounds: an id that another organization's event reuses goes to a later
 * round (one multi-row upsert may touch a row only once), where the stored row's organization refuses it.
 */
function rounds<T extends { id: string; organizationId: string }>(items: T[], newer: (a: T, b: T) => boolean): T[][] {
  const newest = new Map<string, T>();
  for (const item of items) {
    const key = `${item.organizationId}:${item.id}`;
    const seen = newest.get(key);
    if (!seen || newer(item, seen)) newest.set(key, item);
  }
  const out: T[][] = [];
  const seenIds = new Map<string, number>();
  for (const item of newest.values()) {
    const round = seenIds.get(item.id) ?? 0;
    seenIds.set(item.id, round + 1);
    (out[round] ??= []).push(item);
  }
  return out.map((round) => round.sort(byId));
}

interface Contributions {
  /** `organization|clinic|date` → remainder (minor units, text) */
  days: Array<{ key: string; amount: string }>;
  /** `organization|clinic|currency` → each CLINIC_SUMS column (text) */
  clinics: Array<Record<string, string>>;
}

/**
 * The patient ledger (DOMAIN.md B, D) from the PATIENT_ACCOUNTS and PAYMENTS events: one row per treatment, received
 * money record, closure and contract, and one derived balance row per patient.
 *
 * Every upsert is guarded by the organization and by the revision (patients: the event time; closures: `undone`
 * only ever goes from false to true; contracts never change), so duplicated, redelivered and reordered events leave
 * the same rows. The balance row is not moved by deltas: it is recomputed from the patient's rows, after taking a
 * transaction-scoped advisory lock per patient (sorted), so that two replicas' batches touching one patient wait
 * for each other and the second recomputes from what the first committed.
 */
@Injectable()
export class LedgerProjection {
  private readonly pending = new WeakMap<EntityManager, Pending>();

  applyPatient(em: EntityManager, p: PatientView, occurredAt: string): Promise<void> {
    return this.collect(em, (b) => b.patients.push({ value: p, occurredAt }));
  }

  applyTreatment(em: EntityManager, t: TreatmentSnapshotV1, occurredAt: string): Promise<void> {
    return this.collect(em, (b) => b.treatments.push({ value: t, occurredAt }));
  }

  applyReceived(em: EntityManager, p: LedgerPaymentSnapshot): Promise<void> {
    return this.collect(em, (b) => b.received.push(p));
  }

  applyClosure(em: EntityManager, closure: ClosureView, undone: boolean): Promise<void> {
    return this.collect(em, (b) => b.closures.push({ closure, undone }));
  }

  applyContract(em: EntityManager, c: ContractView): Promise<void> {
    return this.collect(em, (b) => b.contracts.push(c));
  }

  private collect(em: EntityManager, add: (batch: Pending) => void): Promise<void> {
    let batch = this.pending.get(em);
    if (!batch) {
      batch = { patients: [], treatments: [], received: [], closures: [], contracts: [] };
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
    // (organization, patient) of every row this batch may change
    const byPatient = new Map<string, { patientId: string; organizationId: string }>();
    const touch = (organizationId: string, patientId: string) =>
      byPatient.set(`${patientId}:${organizationId}`, { patientId, organizationId });
    for (const p of batch.patients) touch(p.value.organizationId, p.value.id);
    for (const t of batch.treatments) touch(t.value.organizationId, t.value.patientId);
    for (const r of batch.received) touch(r.organizationId, r.patientId);
    for (const c of batch.closures) touch(c.closure.organizationId, c.closure.patientId);
    for (const c of batch.contracts) touch(c.organizationId, c.patientId);
    const patients = [...byPatient.values()].sort((a, b) =>
      a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : a.organizationId < b.organizationId ? -1 : 1,
    );
    if (!patients.length) return;
    // no JIT for these short statements (the batch's other read models get their setting back at the end)
    const [{ jit }] = await em.execute<Array<{ jit: string }>>(LedgerSql.jitOffKeepingSetting.text);
    await em.execute(LockSql.transactionLocks.text, [
      JSON.stringify([...new Set(patients.map((p) => `ledger:patient:${p.patientId}`))]),
    ]);

    for (const round of rounds(batch.patients.map(timedPatient), (a, b) => a.occurredAt >= b.occurredAt))
      await this.upsertPatients(em, round);
    for (const round of rounds(treatmentRows(batch.treatments), (a, b) => a.revision > b.revision))
      await this.upsertTreatments(em, round);
    for (const round of rounds(batch.received, (a, b) => a.revision > b.revision)) await this.upsertReceived(em, round);
    for (const round of rounds(
      batch.closures.map((c) => ({ ...c.closure, undone: c.undone })),
      (a, b) => a.undone && !b.undone,
    ))
      await this.upsertClosures(em, round);
    for (const round of rounds(batch.contracts, () => false)) await this.insertContracts(em, round);
    const touched = JSON.stringify(
      patients.map((p) => ({ patient_id: p.patientId, organization_id: p.organizationId })),
    );
    const before = await this.contributions(em, touched);
    await this.recomputeBalances(em, touched);
    await this.recomputeOpenItems(em, touched);
    await this.moveTotals(em, before, await this.contributions(em, touched));
    await em.execute(LedgerSql.restoreJit.text, [jit]);
  }

  private async upsertPatients(em: EntityManager, patients: Array<PatientView & { occurredAt: string }>) {
    const rows = patients.map((p) => ({
      id: p.id,
      organization_id: p.organizationId,
      clinic_id: p.clinicId,
      first_name: p.firstName,
      last_name: p.lastName,
      currency: p.currency,
      occurred_at: p.occurredAt,
    }));
    await em.execute(LedgerSql.upsertPatients.text, [JSON.stringify(rows)]);
  }

  private async upsertTreatments(em: EntityManager, treatments: TreatmentRow[]) {
    const rows = treatments.map((t) => ({
      id: t.id,
      organization_id: t.organizationId,
      clinic_id: t.clinicId,
      patient_id: t.patientId,
      physician_id: t.physicianId,
      procedure: t.procedure,
      date: t.date,
      amount: minor(t.amount, t.currency),
      currency: t.currency,
      created_at: t.createdAt,
      revision: t.revision,
      deleted: t.deleted === true,
    }));
    // created_at is the earliest event time seen, whatever the order; the rest follows the newest revision
    await em.execute(LedgerSql.upsertTreatments.text, [JSON.stringify(rows)]);
  }

  private async upsertReceived(em: EntityManager, payments: LedgerPaymentSnapshot[]) {
    const rows = payments.map((p) => ({
      id: p.id,
      organization_id: p.organizationId,
      clinic_id: p.clinicId,
      patient_id: p.patientId,
      date: p.date,
      amount: minor(p.amount, p.currency),
      bank_cost: p.bankCost === null || p.bankCost === undefined ? '0' : minor(p.bankCost, p.currency),
      payment_type: p.paymentType,
      physician_id: p.physicianId ?? null,
      contract_id: p.contractId ?? null,
      currency: p.currency,
      revision: p.revision,
      deleted: p.deleted === true,
    }));
    await em.execute(LedgerSql.upsertReceived.text, [JSON.stringify(rows)]);
  }

  // closed: stored unless known; reopened: stored as undone, or marks the known one undone. Never undone → not.
  private async upsertClosures(em: EntityManager, closures: Array<ClosureView & { undone: boolean }>) {
    const rows = closures.map((c) => ({
      id: c.id,
      organization_id: c.organizationId,
      clinic_id: c.clinicId,
      patient_id: c.patientId,
      date: c.date,
      written_off: minor(c.writtenOffAmount, c.currency),
      currency: c.currency,
      undone: c.undone,
    }));
    await em.execute(LedgerSql.upsertClosures.text, [JSON.stringify(rows)]);
  }

  private async insertContracts(em: EntityManager, contracts: ContractView[]) {
    const rows = contracts.map((c) => ({
      id: c.id,
      organization_id: c.organizationId,
      clinic_id: c.clinicId,
      patient_id: c.patientId,
      contract_date: c.contractDate,
      total: minor(c.totalAmount, c.currency),
      currency: c.currency,
    }));
    await em.execute(LedgerSql.insertContracts.text, [JSON.stringify(rows)]);
  }

  /** What the touched patients add to the per-clinic sums: their open items by date, and CLINIC_SUMS. */
  private async contributions(em: EntityManager, touched: string): Promise<Contributions> {
    const days = await em.execute<Array<{ key: string; amount: string }>>(LedgerSql.openItemsOfPatients.text, [
      touched,
    ]);
    const clinics = await em.execute<Array<Record<string, string>>>(LedgerSql.clinicSumsOfPatients.text, [touched]);
    return { days, clinics };
  }

  /** Moves ledger_open_day and ledger_clinic_total by (after − before), in key order; rows left at zero go. */
  private async moveTotals(em: EntityManager, before: Contributions, after: Contributions): Promise<void> {
    const days = new Map<string, bigint>();
    for (const [rows, sign] of [
      [before.days, -1n],
      [after.days, 1n],
    ] as const)
      for (const r of rows) days.set(r.key, (days.get(r.key) ?? 0n) + sign * BigInt(r.amount));
    const columns = CLINIC_SUMS.map(([column]) => column);
    const clinics = new Map<string, bigint[]>();
    for (const [rows, sign] of [
      [before.clinics, -1n],
      [after.clinics, 1n],
    ] as const)
      for (const r of rows) {
        const sums = clinics.get(r.key) ?? columns.map(() => 0n);
        clinics.set(
          r.key,
          sums.map((sum, i) => sum + sign * BigInt(r[columns[i]])),
        );
      }
    const byKey = <V>([a]: [string, V], [b]: [string, V]) => (a < b ? -1 : 1);
    const dayRows = [...days]
      .filter(([, amount]) => amount !== 0n)
      .sort(byKey)
      .map(([key, amount]) => {
        const [organization_id, clinic_id, date] = key.split('|');
        return { organization_id, clinic_id, date, remainder: amount.toString() };
      });
    if (dayRows.length) {
      await em.execute(LedgerSql.addOpenDays.text, [JSON.stringify(dayRows)]);
      await em.execute(LedgerSql.dropEmptyOpenDays.text, [JSON.stringify(dayRows)]);
    }
    const clinicRows = [...clinics]
      .filter(([, sums]) => sums.some((v) => v !== 0n))
      .sort(byKey)
      .map(([key, sums]) => {
        const [organization_id, clinic_id, currency] = key.split('|');
        return {
          organization_id,
          clinic_id,
          currency,
          ...Object.fromEntries(columns.map((c, i) => [c, sums[i].toString()])),
        };
      });
    if (clinicRows.length) {
      await em.execute(LedgerSql.addClinicTotals.text, [JSON.stringify(clinicRows)]);
      await em.execute(LedgerSql.dropEmptyClinicTotals.text, [JSON.stringify(clinicRows)]);
    }
  }

  /**
   * The balance rows of the touched patients, from their rows in the ledger (the organization's only): all-time
   * sums, the open part after the latest closure that was not undone, the latest payment and the contract balance.
   * A patient with no row of any kind yet gets no balance row.
   */
  private async recomputeBalances(em: EntityManager, touched: string): Promise<void> {
    await em.execute(LedgerSql.recomputeBalances.text, [touched]);
  }

  /**
   * The open items of the touched patients: per treatment date, what FIFO leaves unpaid of that date's treatments
   * with every record counted (a treatment's remainder = clamp(treatments up to it in (date, created_at, id) order
   * − max(received + write-offs, 0), 0, its amount)), and money refunded beyond what was received, dated at the
   * latest negative record (the rule of aging/receivables-aging-rule.ts, which the property test holds it to).
   */
  private async recomputeOpenItems(em: EntityManager, touched: string): Promise<void> {
    await em.execute(LedgerSql.deleteOpenItems.text, [touched]);
    await em.execute(LedgerSql.insertOpenItems.text, [touched]);
  }
}

interface TreatmentRow extends TreatmentSnapshotV1 {
  /** the earliest event time of the treatment in this batch */
  createdAt: string;
}

/** The newest snapshot per treatment carries the earliest event time seen for it in the batch. */
function treatmentRows(items: Timed<TreatmentSnapshotV1>[]): TreatmentRow[] {
  const earliest = new Map<string, string>();
  for (const { value, occurredAt } of items) {
    const key = `${value.organizationId}:${value.id}`;
    const seen = earliest.get(key);
    if (!seen || occurredAt < seen) earliest.set(key, occurredAt);
  }
  return items.map(({ value }) => ({ ...value, createdAt: earliest.get(`${value.organizationId}:${value.id}`)! }));
}

function timedPatient({ value, occurredAt }: Timed<PatientView>): PatientView & { occurredAt: string } {
  return { ...value, occurredAt };
}
