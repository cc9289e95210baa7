import { CommonErrors, DomainError } from '@dental/contracts';
import { DateTime } from 'luxon';

/** Dates are YYYY-MM-DD strings; they compare as strings. */
export interface DateRange {
  from?: string;
  to?: string;
}

/** Work-order rows of a date range, added (+1) or taken away (−1). */
export interface SignedRange {
  from?: string;
  to?: string;
  sign: 1 | -1;
}

/**
 * How a period is summed from the month buckets and the work-order rows:
 * - `months`: a run of whole months from the buckets (first days, `toExclusive` exclusive), or null;
 * - `edgeMonths`: partial months at the period's edges that are mostly inside it, taken whole from the buckets...
 * - `rowRanges`: ...then corrected by rows: the days of a mostly-outside edge month that are inside (+1), or the
 *   days of a mostly-inside edge month that are outside (−1). Either way at most half a month of rows per edge.
 */
export interface PeriodPlan {
  months: { from?: string; toExclusive?: string } | null;
  edgeMonths: string[];
  rowRanges: SignedRange[];
}

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const fmt = (d: DateTime) => d.toISODate()!;

export function checkPeriod(from?: string, to?: string): void {
  if (from && to && from > to) {
    throw new DomainError(CommonErrors.VALIDATION, 400, 'from: must not be after to', [
      { field: 'from', reasons: ['must not be after to'] },
    ]);
  }
}

/** Days `from`..`to` of one month: rows of those days, or the month's bucket minus the rows of its other days. */
function partialMonth(from: string, to: string, plan: PeriodPlan): void {
  const start = day(from).startOf('month');
  const end = start.endOf('month').startOf('day');
  const inside = day(to).diff(day(from), 'days').days + 1;
  if (inside * 2 <= start.daysInMonth!) {
    plan.rowRanges.push({ from, to, sign: 1 });
    return;
  }
  plan.edgeMonths.push(fmt(start));
  if (from > fmt(start)) plan.rowRanges.push({ from: fmt(start), to: fmt(day(from).minus({ days: 1 })), sign: -1 });
  if (to < fmt(end)) plan.rowRanges.push({ from: fmt(day(to).plus({ days: 1 })), to: fmt(end), sign: -1 });
}

/** The last date a YYYY-MM-DD string can hold: no month starts after it. */
const LAST_DATE = '9999-12-31';
const LAST_MONTH = '9999-12-01';

export function planPeriod(from?: string, to?: string): PeriodPlan {
  checkPeriod(from, to);
  const plan: PeriodPlan = { months: null, edgeMonths: [], rowRanges: [] };
  // up to the last date there is means no upper bound; a period inside December 9999 has no whole month after it
  if (to === LAST_DATE) to = undefined;
  if (from !== undefined && from > LAST_MONTH) {
    partialMonth(from, to ?? LAST_DATE, plan);
    return plan;
  }
  // the first day of the first whole month, and the first day after the last whole month
  const wholeFrom =
    from === undefined ? undefined : day(from).day === 1 ? from : fmt(day(from).startOf('month').plus({ months: 1 }));
  const wholeTo =
    to === undefined
      ? undefined
      : fmt(day(to).plus({ days: 1 }).day === 1 ? day(to).plus({ days: 1 }) : day(to).startOf('month'));
  if (from !== undefined && to !== undefined && wholeFrom! >= wholeTo!) {
    // no whole month: one partial month, or the ends of two neighbouring ones
    const firstEnd = fmt(day(from).endOf('month').startOf('day'));
    if (to <= firstEnd) partialMonth(from, to, plan);
    else {
      partialMonth(from, firstEnd, plan);
      partialMonth(fmt(day(to).startOf('month')), to, plan);
    }
    return plan;
  }
  plan.months = { from: wholeFrom, toExclusive: wholeTo };
  if (from !== undefined && from < wholeFrom!) partialMonth(from, fmt(day(wholeFrom!).minus({ days: 1 })), plan);
  if (to !== undefined && wholeTo! <= to) partialMonth(wholeTo!, to, plan);
  return plan;
}
