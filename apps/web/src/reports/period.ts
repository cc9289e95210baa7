// The Account Book's periods: Daily shows the days of one month, Monthly the months of one year, Yearly five years;
// Previous / Next move the window by one month, one year or five years.
import { isoDay } from '../app/format';

export type GroupBy = 'day' | 'month' | 'year';
export const GROUP_BYS: GroupBy[] = ['day', 'month', 'year'];
const YEARS_SHOWN = 5;

/** The window holding `anchor` (YYYY-MM-DD) for a grouping. */
export function windowOf(groupBy: GroupBy, anchor: string): { from: string; to: string } {
  const [y, m] = anchor.split('-').map(Number);
  switch (groupBy) {
    case 'day':
      return { from: isoDay(new Date(y, m - 1, 1)), to: isoDay(new Date(y, m, 0)) };
    case 'month':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'year':
      return { from: `${y - YEARS_SHOWN + 1}-01-01`, to: `${y}-12-31` };
  }
}

/** The anchor of the previous (-1) or next (+1) window. */
export function shiftAnchor(groupBy: GroupBy, anchor: string, step: -1 | 1): string {
  const [y, m] = anchor.split('-').map(Number);
  switch (groupBy) {
    case 'day':
      return isoDay(new Date(y, m - 1 + step, 1));
    case 'month':
      return `${y + step}-01-01`;
    case 'year':
      return `${y + step * YEARS_SHOWN}-01-01`;
  }
}
