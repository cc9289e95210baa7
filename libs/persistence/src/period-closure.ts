import { CorrectionReason, DomainError, IdempotencyErrors, periodClosed, PeriodClosureView } from '@dental/contracts';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * DOMAIN.md E "Period close": everything dated on or before `through` is locked, in one clinic or (clinicId null) in
 * every clinic of the organization. payments, work-orders and patient-accounts each keep this table (their own
 * migration) and refuse writes into it with `assertPeriodOpen`, in the writer's own transaction.
 */
@Entity({ tableName: 'period_closure' })
export class PeriodClosure {
  [OptionalProps]?: 'createdAt' | 'reopenedAt' | 'reopenedBy' | 'reopenReason' | 'reopenMemo';

  /** chosen by the gateway, the same in every owner */
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'uuid', nullable: true })
  clinicId: string | null;

  @Property({ type: 'date' })
  through: string;

  @Property({ type: 'uuid' })
  createdBy: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  reopenedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  reopenedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  reopenReason: CorrectionReason | null = null;

  @Property({ type: 'text', nullable: true })
  reopenMemo: string | null = null;

  toView(): PeriodClosureView {
    return {
      id: this.id,
      clinicId: this.clinicId,
      through: this.through,
      createdAt: this.createdAt.toISOString(),
      createdBy: this.createdBy,
      reopenedAt: this.reopenedAt?.toISOString() ?? null,
      reopenedBy: this.reopenedBy,
      reopenReason: this.reopenReason,
      reopenMemo: this.reopenMemo,
    };
  }
}

/** The SQL of the table, for each owner's migration. */
export const PERIOD_CLOSURE_TABLE_SQL = [
  `create table period_closure (
    id uuid primary key,
    organization_id uuid not null,
    clinic_id uuid null,
    through date not null,
    created_by uuid not null,
    created_at timestamptz not null default now(),
    reopened_at timestamptz null,
    reopened_by uuid null,
    reopen_reason text null,
    reopen_memo text null)`,
  'create index period_closure_open_idx on period_closure (organization_id, through) where reopened_at is null',
];

// Per organization, in its own key space (the two-int form never meets the migrations' single bigint key):
// writers take it shared, a close or reopen exclusive, each until its transaction ends.
const LOCK = (mode: 'shared' | 'exclusive') =>
  `select ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(7310002, hashtext(?::text))`;

function requireTransaction(em: EntityManager, what: string): void {
  if (!em.isInTransaction()) throw new Error(`${what} must run inside the writer's transaction`);
}

/** The latest open closed-through date that locks a clinic's records (its own closures and the all-clinics ones). */
export async function periodClosedThrough(
  em: EntityManager,
  organizationId: string,
  clinicId: string | null,
): Promise<string | null> {
  const [row] = await em.execute<{ through: string | null }[]>(
    `select max(through)::text as through from period_closure
      where organization_id = ? and reopened_at is null and (clinic_id is null or clinic_id = ?::uuid)`,
    [organizationId, clinicId],
  );
  return row?.through ?? null;
}

/**
 * 409 PERIOD.CLOSED when any of the dates (absent ones are skipped) is on or before the clinic's closed-through date.
 * Call it inside the writer's transaction, after its row locks and before it writes: the shared lock makes a close
 * wait for this write to commit, or this write wait for the close and then see it, so no write slips past a close.
 */
export async function assertPeriodOpen(
  em: EntityManager,
  organizationId: string,
  clinicId: string | null,
  dates: readonly (string | null | undefined)[],
): Promise<void> {
  const checked = dates.filter((d): d is string => typeof d === 'string');
  if (!checked.length) return;
  requireTransaction(em, 'assertPeriodOpen');
  await em.execute(LOCK('shared'), [organizationId]);
  const through = await periodClosedThrough(em, organizationId, clinicId);
  refuseClosedPeriodDates(through, checked);
}

/** The pure part of the check: the earliest date on or before `through` is refused. */
export function refuseClosedPeriodDates(through: string | null, dates: readonly string[]): void {
  if (through === null) return;
  const closed = dates.filter((d) => d <= through).sort()[0];
  if (closed !== undefined) throw periodClosed(closed, through);
}

export interface ClosureToApply {
  id: string;
  organizationId: string;
  clinicId: string | null;
  through: string;
  createdBy: string;
}

/**
 * Stores the closure once (the same id again answers the stored one, `created: false`; the same id with another
 * scope or date is a reused Idempotency-Key). Exclusive lock: writers in flight commit first, later ones see it.
 */
export async function applyClosure(
  em: EntityManager,
  closure: ClosureToApply,
): Promise<{ closure: PeriodClosureView; created: boolean }> {
  return em.transactional(async (tx) => {
    await tx.execute(LOCK('exclusive'), [closure.organizationId]);
    const stored = await tx.findOne(PeriodClosure, { id: closure.id });
    if (stored) {
      if (
        stored.organizationId !== closure.organizationId ||
        stored.clinicId !== closure.clinicId ||
        stored.through !== closure.through
      )
        throw new DomainError(IdempotencyErrors.KEY_REUSED, 409, 'this Idempotency-Key was used with another request');
      return { closure: stored.toView(), created: false };
    }
    const created = tx.create(PeriodClosure, closure);
    await tx.flush();
    return { closure: created.toView(), created: true };
  });
}

/** Compensation of a closure the gateway never answered (another owner refused it): gone as if never made. */
export async function revokeClosure(em: EntityManager, organizationId: string, id: string): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.execute(LOCK('exclusive'), [organizationId]);
    await tx.execute('delete from period_closure where id = ? and organization_id = ? and reopened_at is null', [
      id,
      organizationId,
    ]);
  });
}

export interface ClosureToReopen {
  id: string;
  organizationId: string;
  reopenedBy: string;
  reason: CorrectionReason;
  memo: string | null;
}

/** Marks the closure reopened, with who and why (kept: the audit). Again: no change. Unknown here: null. */
export async function reopenClosure(em: EntityManager, reopen: ClosureToReopen): Promise<PeriodClosureView | null> {
  return em.transactional(async (tx) => {
    await tx.execute(LOCK('exclusive'), [reopen.organizationId]);
    const closure = await tx.findOne(PeriodClosure, { id: reopen.id, organizationId: reopen.organizationId });
    if (!closure) return null;
    if (!closure.reopenedAt) {
      closure.reopenedAt = new Date();
      closure.reopenedBy = reopen.reopenedBy;
      closure.reopenReason = reopen.reason;
      closure.reopenMemo = reopen.memo;
      await tx.flush();
    }
    return closure.toView();
  });
}

/** Closures of the organization, newest first: those that lock `clinicId` (its own and the all-clinics ones), or
 * with no clinic given those of the visible clinics and the all-clinics ones. */
export async function listClosures(
  em: EntityManager,
  organizationId: string,
  clinicIds: string[] | '*',
  clinicId?: string,
): Promise<PeriodClosureView[]> {
  const closures = await em.find(PeriodClosure, { organizationId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  return closures
    .filter(
      (c) =>
        c.clinicId === null ||
        (clinicId ? c.clinicId === clinicId : clinicIds === '*' || clinicIds.includes(c.clinicId)),
    )
    .map((c) => c.toView());
}
