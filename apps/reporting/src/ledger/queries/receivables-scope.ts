import { CallerContext, DomainError, FinanceCatalogErrors, REPORT_LOCALES, ReportLocale } from '@dental/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { LedgerSql } from '../ledger.sql';
import { ReportClinics } from '../../reports/queries/report-clinic';

/** Whose patients a receivables report reads, and how its file is labelled. */
export interface ReceivablesScope {
  organizationId: string;
  /** the one clinic asked for; null = every clinic of `visibleClinicIds` */
  clinicId: string | null;
  /** the caller's clinics; null = every clinic of the organization */
  visibleClinicIds: string[] | null;
  /** the clinic's name; null for every clinic */
  clinicName: string | null;
  locale: ReportLocale;
  /** time zones of the clinics in scope (known to reporting) */
  timeZones: string[];
  /** currencies of the clinics in scope (known to reporting), for an empty answer */
  currencies: string[];
}

interface ClinicRow {
  name: string;
  time_zone: string;
  locale: string;
  currency: string;
}

const localeOf = (locale: string | undefined): ReportLocale =>
  locale && (REPORT_LOCALES as readonly string[]).includes(locale) ? (locale as ReportLocale) : 'en';

/**
 * One clinic the caller may see (404 `CLINIC.NOT_FOUND` otherwise, as every report), or every clinic the caller may
 * see. Labels: the clinic's locale; over several clinics, theirs when they share one, else English.
 */
export async function receivablesScope(
  em: EntityManager,
  clinics: ReportClinics,
  caller: CallerContext,
  clinicId: string | undefined,
): Promise<ReceivablesScope> {
  const visibleClinicIds = caller.clinicIds === '*' ? null : [...caller.clinicIds];
  if (clinicId) {
    const clinic = await clinics.visible(em, caller, clinicId);
    const [row] = await em.execute<ClinicRow[]>(LedgerSql.clinic.text, [clinic.id]);
    return {
      organizationId: caller.organizationId,
      clinicId: clinic.id,
      visibleClinicIds,
      clinicName: clinic.name,
      locale: localeOf(clinic.locale),
      timeZones: row ? [row.time_zone] : [],
      currencies: [clinic.currency],
    };
  }
  const rows =
    visibleClinicIds?.length === 0
      ? []
      : await em.execute<ClinicRow[]>(
          LedgerSql.clinicsOfOrganization.build(visibleClinicIds !== null),
          visibleClinicIds ? [caller.organizationId, visibleClinicIds] : [caller.organizationId],
        );
  const locales = [...new Set(rows.map((r) => r.locale))];
  return {
    organizationId: caller.organizationId,
    clinicId: null,
    visibleClinicIds,
    clinicName: null,
    locale: localeOf(locales.length === 1 ? locales[0] : undefined),
    timeZones: [...new Set(rows.map((r) => r.time_zone))],
    currencies: [...new Set(rows.map((r) => r.currency))].sort(),
  };
}

/** The caller sees no clinic at all: nothing to read. */
export function seesNothing(scope: ReceivablesScope): boolean {
  return scope.clinicId === null && scope.visibleClinicIds !== null && scope.visibleClinicIds.length === 0;
}

/**
 * `organization_id = :org and clinic_id …` on a ledger table (optionally through an alias), with named values
 * (`:org`, `:clinic`, `:clinics`) for `named`.
 */
export function scopeCondition(scope: ReceivablesScope, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  if (scope.clinicId) return `${a}organization_id = :org and ${a}clinic_id = :clinic`;
  if (scope.visibleClinicIds) return `${a}organization_id = :org and ${a}clinic_id in (:clinics)`;
  return `${a}organization_id = :org`;
}

/** The values of scopeCondition's names. */
export function scopeValues(scope: ReceivablesScope): Record<string, unknown> {
  return { org: scope.organizationId, clinic: scope.clinicId, clinics: scope.visibleClinicIds };
}

/**
 * Named values in a statement: each `:name` (not `::type`) becomes a `?` with its value, in order; an array value is
 * a list (`in (:clinics)`). A name without a value is a bug, not a null.
 */
export function named(sql: string, values: Record<string, unknown>): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z][a-zA-Z0-9_]*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`the statement names :${name}, which has no value`);
    params.push(values[name]);
    return '?';
  });
  return { sql: text, params };
}

/**
 * Today in the clinic's time zone; over several clinics the latest of their todays (what was recorded today in any
 * of them is in); UTC when reporting knows none of them yet.
 */
export function todayIn(scope: ReceivablesScope, now: Date = new Date()): string {
  const zones = scope.timeZones.length ? scope.timeZones : ['UTC'];
  return zones
    .map((zone) => DateTime.fromJSDate(now).setZone(zone).toISODate() ?? DateTime.fromJSDate(now).toUTC().toISODate()!)
    .reduce((latest, d) => (d > latest ? d : latest));
}

/** Several currencies cannot be summed into one totals row: the caller narrows to one clinic. */
export function singleCurrency(scope: ReceivablesScope, rowCurrencies: string[]): string {
  const distinct = [...new Set(rowCurrencies)].sort();
  if (distinct.length > 1)
    throw new DomainError(
      FinanceCatalogErrors.MIXED_CURRENCIES,
      422,
      `the patients in scope are in several currencies (${distinct.join(', ')}); filter by a clinic to see one currency`,
      { currencies: distinct },
    );
  return distinct[0] ?? (scope.currencies.length === 1 ? scope.currencies[0] : 'EUR');
}

/** Keyset cursors: opaque base64url of the last row's sort values. */
export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: Array<'string' | 'number'>): Array<string | number> {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== shape.length || values.some((v, i) => typeof v !== shape[i]))
    throw invalidCursor();
  return values as Array<string | number>;
}

export function invalidCursor(): DomainError {
  return new DomainError(FinanceCatalogErrors.INVALID_CURSOR, 400, 'after: the cursor is not one this list gave out', [
    { field: 'after', reasons: ['not a cursor this list gave out'] },
  ]);
}

/** Offset paging or, with `after`, keyset paging: the rows asked for plus one (to know whether more follow). */
export function pageOf(query: { page?: number; pageSize?: number; after?: string }, defaultSize: number) {
  const pageSize = query.pageSize ?? defaultSize;
  const page = query.after ? 1 : (query.page ?? 1);
  return { page, pageSize, offset: (page - 1) * pageSize, limit: pageSize + 1 };
}
