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

/** `column = excluded.column` when the incoming snapshot is newer than the stored one, else unchanged. */
const whenNewer = (table: string, columns: string[]) =>
  columns
    .map((c) => `${c} = case when ${table}.revision < excluded.revision then excluded.${c} else ${table}.${c} end`)
    .join(', ');

interface Contributions {
  /** `organization|clinic|date` → remainder (minor units, text) */
  days: Array<{ key: string; amount: string }>;
  /** `organization|clinic|currency` → each CLINIC_SUMS column (text) */
  clinics: Array<Record<string, string>>;
}

const UNBALANCED = 'b.treatment_total <> b.received_total + b.written_off_total';
/** What one patient's balance row adds to each column of ledger_clinic_total (SQL over `b`, ledger_balance). */
export const CLINIC_SUMS: ReadonlyArray<[column: string, sql: string]> = [
  ['unbalanced', `(${UNBALANCED})::int`],
  ['credit', 'greatest(b.received_total + b.written_off_total - b.treatment_total, 0)'],
  ['debtors', '(b.open_balance > 0)::int'],
  ['debtor_treatments', 'case when b.open_balance > 0 then b.open_treatment_total else 0 end'],
  ['debtor_received', 'case when b.open_balance > 0 then b.open_received_total else 0 end'],
  ['debtor_contracts', 'case when b.open_balance > 0 then b.contract_balance else 0 end'],
  ['overpayers', '(b.open_balance < 0)::int'],
  ['overpayer_treatments', 'case when b.open_balance < 0 then b.open_treatment_total else 0 end'],
  ['overpayer_received', 'case when b.open_balance < 0 then b.open_received_total else 0 end'],
  ['overpayer_contracts', 'case when b.open_balance < 0 then b.contract_balance else 0 end'],
];

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
    const [{ jit }] = await em.execute<Array<{ jit: string }>>(
      `select current_setting('jit') as jit, set_config('jit', 'off', true)`,
    );
    await em.execute(
      `select pg_advisory_xact_lock(hashtextextended(k, 0)) from json_array_elements_text(?::json) as keys(k)`,
      [JSON.stringify([...new Set(patients.map((p) => `ledger:patient:${p.patientId}`))])],
    );

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
    await em.execute(`select set_config('jit', ?, true)`, [jit]);
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
    await em.execute(
      `insert into ledger_patient (id, organization_id, clinic_id, first_name, last_name, currency, occurred_at)
       select id, organization_id, clinic_id, first_name, last_name, currency, occurred_at
       from json_to_recordset(?::json) as p(id uuid, organization_id uuid, clinic_id uuid, first_name text,
         last_name text, currency char(3), occurred_at timestamptz)
       order by id
       on conflict (id) do update set clinic_id = excluded.clinic_id, first_name = excluded.first_name,
         last_name = excluded.last_name, currency = excluded.currency, occurred_at = excluded.occurred_at
       where ledger_patient.occurred_at <= excluded.occurred_at
         and ledger_patient.organization_id = excluded.organization_id`,
      [JSON.stringify(rows)],
    );
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
    await em.execute(
      `insert into ledger_treatment (id, organization_id, clinic_id, patient_id, physician_id, procedure, date, amount,
         currency, created_at, revision, deleted)
       select id, organization_id, clinic_id, patient_id, physician_id, procedure, date, amount, currency, created_at,
         revision, deleted
       from json_to_recordset(?::json) as t(id uuid, organization_id uuid, clinic_id uuid, patient_id uuid,
         physician_id uuid, procedure text, date date, amount bigint, currency char(3), created_at timestamptz,
         revision int, deleted boolean)
       order by id
       on conflict (id) do update set
         ${whenNewer('ledger_treatment', ['clinic_id', 'patient_id', 'physician_id', 'procedure', 'date', 'amount', 'currency', 'deleted'])},
         created_at = least(ledger_treatment.created_at, excluded.created_at),
         revision = greatest(ledger_treatment.revision, excluded.revision), updated_at = now()
       where ledger_treatment.organization_id = excluded.organization_id
         and (ledger_treatment.revision < excluded.revision or ledger_treatment.created_at > excluded.created_at)`,
      [JSON.stringify(rows)],
    );
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
    await em.execute(
      `insert into ledger_received (id, organization_id, clinic_id, patient_id, date, amount, bank_cost, payment_type,
         physician_id, contract_id, currency, revision, deleted)
       select id, organization_id, clinic_id, patient_id, date, amount, bank_cost, payment_type, physician_id,
         contract_id, currency, revision, deleted
       from json_to_recordset(?::json) as p(id uuid, organization_id uuid, clinic_id uuid, patient_id uuid, date date,
         amount bigint, bank_cost bigint, payment_type text, physician_id uuid, contract_id uuid, currency char(3),
         revision int, deleted boolean)
       order by id
       on conflict (id) do update set clinic_id = excluded.clinic_id, patient_id = excluded.patient_id,
         date = excluded.date, amount = excluded.amount, bank_cost = excluded.bank_cost,
         payment_type = excluded.payment_type, physician_id = excluded.physician_id,
         contract_id = excluded.contract_id, currency = excluded.currency, revision = excluded.revision,
         deleted = excluded.deleted, updated_at = now()
       where ledger_received.revision < excluded.revision
         and ledger_received.organization_id = excluded.organization_id`,
      [JSON.stringify(rows)],
    );
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
    await em.execute(
      `insert into ledger_closure (id, organization_id, clinic_id, patient_id, date, written_off, currency, undone)
       select id, organization_id, clinic_id, patient_id, date, written_off, currency, undone
       from json_to_recordset(?::json) as c(id uuid, organization_id uuid, clinic_id uuid, patient_id uuid,
         date date, written_off bigint, currency char(3), undone boolean)
       order by id
       on conflict (id) do update set undone = true, updated_at = now()
       where excluded.undone and not ledger_closure.undone
         and ledger_closure.organization_id = excluded.organization_id`,
      [JSON.stringify(rows)],
    );
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
    await em.execute(
      `insert into ledger_contract (id, organization_id, clinic_id, patient_id, contract_date, total, currency)
       select id, organization_id, clinic_id, patient_id, contract_date, total, currency
       from json_to_recordset(?::json) as c(id uuid, organization_id uuid, clinic_id uuid, patient_id uuid,
         contract_date date, total bigint, currency char(3))
       order by id
       on conflict (id) do nothing`,
      [JSON.stringify(rows)],
    );
  }

  /** What the touched patients add to the per-clinic sums: their open items by date, and CLINIC_SUMS. */
  private async contributions(em: EntityManager, touched: string): Promise<Contributions> {
    const days = await em.execute<Array<{ key: string; amount: string }>>(
      `select concat_ws('|', o.organization_id, o.clinic_id, o.date) as key, o.remainder::text as amount
       from ledger_open_item o join json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
         on o.patient_id = t.patient_id and o.organization_id = t.organization_id`,
      [touched],
    );
    const clinics = await em.execute<Array<Record<string, string>>>(
      `select concat_ws('|', b.organization_id, b.clinic_id, trim(b.currency)) as key,
         ${CLINIC_SUMS.map(([column, sql]) => `(${sql})::text as ${column}`).join(', ')}
       from ledger_balance b join json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
         on b.patient_id = t.patient_id and b.organization_id = t.organization_id`,
      [touched],
    );
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
      await em.execute(
        `insert into ledger_open_day (organization_id, clinic_id, date, remainder)
         select organization_id, clinic_id, date, remainder
         from json_to_recordset(?::json) as d(organization_id uuid, clinic_id uuid, date date, remainder bigint)
         on conflict (organization_id, clinic_id, date)
           do update set remainder = ledger_open_day.remainder + excluded.remainder`,
        [JSON.stringify(dayRows)],
      );
      await em.execute(
        `delete from ledger_open_day o
         using json_to_recordset(?::json) as d(organization_id uuid, clinic_id uuid, date date)
         where o.organization_id = d.organization_id and o.clinic_id = d.clinic_id and o.date = d.date
           and o.remainder = 0`,
        [JSON.stringify(dayRows)],
      );
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
      await em.execute(
        `insert into ledger_clinic_total (organization_id, clinic_id, currency, ${columns.join(', ')})
         select organization_id, clinic_id, currency, ${columns.join(', ')}
         from json_to_recordset(?::json) as c(organization_id uuid, clinic_id uuid, currency char(3),
           ${columns.map((c) => `${c} bigint`).join(', ')})
         on conflict (organization_id, clinic_id, currency) do update set
           ${columns.map((c) => `${c} = ledger_clinic_total.${c} + excluded.${c}`).join(', ')}`,
        [JSON.stringify(clinicRows)],
      );
      await em.execute(
        `delete from ledger_clinic_total t
         using json_to_recordset(?::json) as c(organization_id uuid, clinic_id uuid, currency char(3))
         where t.organization_id = c.organization_id and t.clinic_id = c.clinic_id and t.currency = c.currency
           and ${columns.map((c) => `t.${c} = 0`).join(' and ')}`,
        [JSON.stringify(clinicRows)],
      );
    }
  }

  /**
   * The balance rows of the touched patients, from their rows in the ledger (the organization's only): all-time
   * sums, the open part after the latest closure that was not undone, the latest payment and the contract balance.
   * A patient with no row of any kind yet gets no balance row.
   */
  private async recomputeBalances(em: EntityManager, touched: string): Promise<void> {
    await em.execute(
      `with touched as (
         select * from json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
       ),
       facts as (
         select t.patient_id, t.organization_id, home.clinic_id, home.currency, home.name, closed.through,
           tr.total as t_total, tr.open as t_open, rc.total as r_total, rc.open as r_open, rc.last_payment,
           closed.written_off, contracts.balance as contract_balance
         from touched t
         cross join lateral (
           select max(date) as through, coalesce(sum(written_off), 0) as written_off from ledger_closure c
           where c.patient_id = t.patient_id and c.organization_id = t.organization_id and not c.undone
         ) closed
         cross join lateral (
           select coalesce(sum(amount), 0) as total,
             coalesce(sum(amount) filter (where closed.through is null or date > closed.through), 0) as open
           from ledger_treatment x
           where x.patient_id = t.patient_id and x.organization_id = t.organization_id and not x.deleted
         ) tr
         cross join lateral (
           select coalesce(sum(amount), 0) as total,
             coalesce(sum(amount) filter (where closed.through is null or date > closed.through), 0) as open,
             max(date) filter (where amount > 0) as last_payment
           from ledger_received x
           where x.patient_id = t.patient_id and x.organization_id = t.organization_id and not x.deleted
         ) rc
         cross join lateral (
           select coalesce(sum(greatest(k.total - greatest(coalesce(paid.amount, 0), 0), 0)), 0) as balance
           from ledger_contract k
           cross join lateral (
             select sum(amount) as amount from ledger_received x
             where x.contract_id = k.id and x.organization_id = k.organization_id and not x.deleted
           ) paid
           where k.patient_id = t.patient_id and k.organization_id = t.organization_id
         ) contracts
         -- the patient's clinic and currency: from their own event, else the balance row, else any of their rows
         -- (coalesce stops at the first known; each lookup is an index probe)
         cross join lateral (
           select home[1]::uuid as clinic_id, home[2] as currency,
             coalesce((select name from ledger_patient
               where id = t.patient_id and organization_id = t.organization_id), t.patient_id::text) as name
           from (select coalesce(
             (select array[clinic_id::text, currency::text] from ledger_patient
               where id = t.patient_id and organization_id = t.organization_id),
             (select array[clinic_id::text, currency::text] from ledger_balance
               where patient_id = t.patient_id and organization_id = t.organization_id),
             (select array[clinic_id::text, currency::text] from ledger_treatment
               where patient_id = t.patient_id and organization_id = t.organization_id and not deleted limit 1),
             (select array[clinic_id::text, currency::text] from ledger_received
               where patient_id = t.patient_id and organization_id = t.organization_id and not deleted limit 1),
             (select array[clinic_id::text, currency::text] from ledger_closure
               where patient_id = t.patient_id and organization_id = t.organization_id and not undone limit 1),
             (select array[clinic_id::text, currency::text] from ledger_contract
               where patient_id = t.patient_id and organization_id = t.organization_id limit 1)
           ) as home) known
         ) home
       )
       insert into ledger_balance (patient_id, organization_id, clinic_id, name, currency, treatment_total,
         received_total, written_off_total, closed_through, open_treatment_total, open_received_total,
         last_payment_date, contract_balance)
       select patient_id, organization_id, clinic_id, name, currency, t_total, r_total, written_off, through, t_open,
         r_open, last_payment, contract_balance
       from facts where clinic_id is not null order by patient_id
       on conflict (patient_id) do update set clinic_id = excluded.clinic_id, name = excluded.name,
         currency = excluded.currency,
         treatment_total = excluded.treatment_total, received_total = excluded.received_total,
         written_off_total = excluded.written_off_total, closed_through = excluded.closed_through,
         open_treatment_total = excluded.open_treatment_total, open_received_total = excluded.open_received_total,
         last_payment_date = excluded.last_payment_date, contract_balance = excluded.contract_balance,
         updated_at = now()
       where ledger_balance.organization_id = excluded.organization_id`,
      [touched],
    );
  }

  /**
   * The open items of the touched patients: per treatment date, what FIFO leaves unpaid of that date's treatments
   * with every record counted (a treatment's remainder = clamp(treatments up to it in (date, created_at, id) order
   * − max(received + write-offs, 0), 0, its amount)), and money refunded beyond what was received, dated at the
   * latest negative record (the rule of aging/receivables-aging-rule.ts, which the property test holds it to).
   */
  private async recomputeOpenItems(em: EntityManager, touched: string): Promise<void> {
    await em.execute(
      `delete from ledger_open_item o using json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
       where o.patient_id = t.patient_id and o.organization_id = t.organization_id`,
      [touched],
    );
    await em.execute(
      `with touched as (
         select b.* from json_to_recordset(?::json) as t(patient_id uuid, organization_id uuid)
         join ledger_balance b on b.patient_id = t.patient_id and b.organization_id = t.organization_id
       ),
       items as (
         select x.patient_id, x.organization_id, b.clinic_id, x.date,
           least(greatest(sum(x.amount) over fifo - greatest(b.received_total + b.written_off_total, 0), 0), x.amount)
             as remainder
         from touched b
         join ledger_treatment x on x.patient_id = b.patient_id and x.organization_id = b.organization_id
           and not x.deleted
         window fifo as (partition by x.patient_id order by x.date, x.created_at, x.id rows unbounded preceding)
         union all
         select b.patient_id, b.organization_id, b.clinic_id, negative.date, -(b.received_total + b.written_off_total)
         from touched b
         cross join lateral (
           select max(date) as date from (
             select date from ledger_received r where r.patient_id = b.patient_id
               and r.organization_id = b.organization_id and not r.deleted and r.amount < 0
             union all
             select date from ledger_closure c where c.patient_id = b.patient_id
               and c.organization_id = b.organization_id and not c.undone and c.written_off < 0) n
         ) negative
         where b.received_total + b.written_off_total < 0
       )
       insert into ledger_open_item (patient_id, organization_id, clinic_id, date, remainder)
       select patient_id, organization_id, clinic_id, date, sum(remainder) from items where remainder > 0
       group by patient_id, organization_id, clinic_id, date
       order by patient_id, date`,
      [touched],
    );
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
