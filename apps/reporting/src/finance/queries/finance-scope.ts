import {
  CallerContext,
  callerMaySeeClinic,
  ClinicErrors,
  DomainError,
  FinanceFiltersDto,
  PAYMENT_STATUSES,
  PaymentStatus,
  WorkOrderErrors,
} from '@dental/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FinanceClinic } from '../read-models/finance-clinic.entity';
import { FinanceLab } from '../read-models/finance-lab.entity';
import { BUCKET_TABLES, FinanceSql } from '../finance.sql';
import { DateRange } from './period';

/** The rows a Finance query may see and the filters on them, checked against the caller. */
export interface FinanceScope {
  organizationId: string;
  /** null = every clinic of the organization. */
  visibleClinicIds: string[] | null;
  clinicId?: string;
  labId?: string;
  paymentMethod?: string;
  includeCancelled: boolean;
  paymentStatus?: PaymentStatus;
}

export const FinanceErrors = {
  MIXED_CURRENCIES: 'FINANCE.MIXED_CURRENCIES',
  INVALID_CURSOR: 'FINANCE.INVALID_CURSOR',
} as const;

/**
 * The caller's organization and visible clinics with the filters. A clinic the caller may not see, or a clinic or lab
 * of another organization, is "not found"; a clinic or lab with no work orders yet is simply an empty answer.
 */
export async function resolveScope(
  em: EntityManager,
  filters: FinanceFiltersDto & { paymentStatus?: PaymentStatus },
  caller: CallerContext,
): Promise<FinanceScope> {
  if (filters.clinicId) {
    const known = await em.findOne(FinanceClinic, { id: filters.clinicId });
    if (!callerMaySeeClinic(caller, filters.clinicId) || (known && known.organizationId !== caller.organizationId)) {
      throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', filters.clinicId);
    }
  }
  if (filters.labId) {
    const known = await em.findOne(FinanceLab, { id: filters.labId });
    if (known && known.organizationId !== caller.organizationId)
      throw DomainError.notFound(WorkOrderErrors.LAB_NOT_FOUND, 'lab', filters.labId);
  }
  return {
    organizationId: caller.organizationId,
    visibleClinicIds: caller.clinicIds === '*' ? null : [...caller.clinicIds],
    clinicId: filters.clinicId,
    labId: filters.labId,
    paymentMethod: filters.paymentMethod,
    includeCancelled: filters.includeCancelled === true,
    paymentStatus: filters.paymentStatus,
  };
}

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** True when the caller's clinic list is empty: nothing to read. */
export function seesNothing(scope: FinanceScope): boolean {
  return scope.visibleClinicIds !== null && scope.visibleClinicIds.length === 0;
}

/** Every clinic of the organization, unfiltered: the organization-wide buckets can answer. */
export function allClinics(scope: FinanceScope): boolean {
  return scope.visibleClinicIds === null && !scope.clinicId;
}

/** Buckets can sum the scope: any scope without a status filter; with one, only over every clinic. */
export function bucketsCanAnswer(scope: FinanceScope): boolean {
  return !scope.paymentStatus || allClinics(scope);
}

/** The bucket table for the scope: per clinic only when clinics are filtered or limited; by status for a status. */
export function bucketTable(scope: FinanceScope): string {
  if (scope.paymentStatus) {
    if (!allClinics(scope)) throw new Error('the status buckets are organization-wide');
    return BUCKET_TABLES.status;
  }
  return allClinics(scope) ? BUCKET_TABLES.organization : BUCKET_TABLES.perClinic;
}

/**
 * The scope as a WHERE condition on `finance_work_order` or on `bucketTable(scope)` (same column names; the
 * payment status's rank exists on the rows and the status buckets).
 */
export function scopeCondition(scope: FinanceScope, table: 'rows' | 'buckets'): SqlCondition {
  const parts = ['organization_id = ?'];
  const params: unknown[] = [scope.organizationId];
  if (scope.visibleClinicIds !== null) {
    parts.push('clinic_id in (?)');
    params.push(scope.visibleClinicIds);
  }
  if (scope.clinicId) {
    parts.push('clinic_id = ?');
    params.push(scope.clinicId);
  }
  if (scope.labId) {
    parts.push('lab_id = ?');
    params.push(scope.labId);
  }
  if (scope.paymentMethod) {
    parts.push('payment_method = ?');
    params.push(scope.paymentMethod);
  }
  if (!scope.includeCancelled) parts.push('not cancelled');
  if (scope.paymentStatus) {
    if (table === 'buckets' && !allClinics(scope)) throw new Error('per-clinic buckets hold no payment status');
    // the rank (a generated column of the rows, a key of the status buckets) rather than the text
    parts.push('payment_status_rank = ?');
    params.push(PAYMENT_STATUSES.indexOf(scope.paymentStatus));
  }
  return { sql: parts.join(' and '), params };
}

export function dateCondition(range: DateRange): SqlCondition {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (range.from) {
    parts.push('documented_date >= ?');
    params.push(range.from);
  }
  if (range.to) {
    parts.push('documented_date <= ?');
    params.push(range.to);
  }
  return { sql: parts.length ? parts.join(' and ') : 'true', params };
}

export function and(...conditions: SqlCondition[]): SqlCondition {
  return { sql: conditions.map((c) => `(${c.sql})`).join(' and '), params: conditions.flatMap((c) => c.params) };
}

/**
 * The currency of an empty answer: the one of the caller's work orders in scope (clinic filter included) when they
 * have a single one; EUR, the first clinic's default, when they have none or several.
 */
export async function currencyOfEmptyAnswer(em: EntityManager, scope: FinanceScope): Promise<string> {
  if (seesNothing(scope)) return 'EUR';
  const where = scopeCondition(
    { ...scope, labId: undefined, paymentMethod: undefined, includeCancelled: true, paymentStatus: undefined },
    'buckets',
  );
  const rows = await em.execute<{ currency: string }[]>(FinanceSql.bucketCurrencies.build(where.sql), where.params);
  return rows.length === 1 ? rows[0].currency.trim() : 'EUR';
}

/** Several currencies cannot be summed: the caller narrows to one clinic (each clinic keeps one currency). */
export function singleCurrency(currencies: Iterable<string>): string | undefined {
  const distinct = [...new Set(currencies)].sort();
  if (distinct.length > 1) {
    throw new DomainError(
      FinanceErrors.MIXED_CURRENCIES,
      422,
      `the selected work orders are in several currencies (${distinct.join(', ')}); filter by a clinic to see one currency`,
      { currencies: distinct },
    );
  }
  return distinct[0];
}
