import {
  labsQuery,
  matchingRange,
  parseFilters,
  quickRange,
  reportHref,
  withFilter,
  workOrdersQuery,
  writeFilters,
} from './filters';

const LAB = '0b9f6a8e-2c1d-4e5f-9a7b-3c2d1e0f9a8b';
const CLINIC = '1c9f6a8e-2c1d-4e5f-9a7b-3c2d1e0f9a8b';

describe('Finance filters in the URL', () => {
  it('round-trips every filter through the URL', () => {
    const search = `from=2026-01-01&to=2026-01-31&labId=${LAB}&paymentMethod=card&paymentStatus=partially_paid&clinicId=${CLINIC}&sort=-outstandingAmount&page=3&pageSize=25`;
    const filters = parseFilters(new URLSearchParams(search));
    expect(filters).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      labId: LAB,
      paymentMethod: 'card',
      paymentStatus: 'partially_paid',
      clinicId: CLINIC,
      sort: '-outstandingAmount',
      labSort: undefined,
      page: 3,
      pageSize: 25,
    });
    expect(writeFilters(filters).toString()).toBe(search);
  });

  it('drops what the API would refuse, so a hand-edited link still opens', () => {
    const filters = parseFilters(
      new URLSearchParams('from=yesterday&labId=42&paymentMethod=gold&sort=-price&page=0&pageSize=7'),
    );
    expect(writeFilters(filters).toString()).toBe('');
    expect([filters.page, filters.pageSize]).toEqual([1, 50]);
  });

  it('goes back to page 1 when a filter changes, not when the page does', () => {
    const on3 = parseFilters(new URLSearchParams('page=3'));
    expect(withFilter(on3, { paymentMethod: 'cash' }).page).toBe(1);
    expect(withFilter(on3, { page: 4 }).page).toBe(4);
  });

  it('asks each tab only for the filters it takes; the URL clinic wins over the top bar', () => {
    const filters = parseFilters(new URLSearchParams(`paymentStatus=paid&paymentMethod=cash&page=2`));
    expect(labsQuery(filters, CLINIC)).toEqual({ paymentMethod: 'cash', clinicId: CLINIC });
    expect(workOrdersQuery(filters, undefined)).toEqual({
      paymentMethod: 'cash',
      paymentStatus: 'paid',
      page: 2,
      pageSize: 50,
    });
    expect(labsQuery({ ...filters, clinicId: LAB }, CLINIC).clinicId).toBe(LAB);
  });

  it('Generate Report links the export of the tab and filters on screen, all pages', () => {
    const filters = parseFilters(new URLSearchParams(`from=2026-01-01&paymentStatus=unpaid&sort=number&page=2`));
    expect(reportHref('labs', filters, undefined, 'csv')).toBe(
      '/api/v1/finance/labs/export?from=2026-01-01&format=csv',
    );
    expect(reportHref('work-orders', filters, CLINIC, 'pdf')).toBe(
      `/api/v1/finance/work-orders/export?from=2026-01-01&clinicId=${CLINIC}&paymentStatus=unpaid&sort=number&format=pdf`,
    );
  });

  it('quick ranges are calendar ranges around today', () => {
    const today = new Date(2026, 2, 15); // 15 March 2026
    expect(quickRange('thisMonth', today)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(quickRange('lastMonth', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(quickRange('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(quickRange('last30', today)).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(quickRange('lastMonth', new Date(2026, 0, 10))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(matchingRange({ from: '2026-03-01', to: '2026-03-31', page: 1, pageSize: 50 }, today)).toBe('thisMonth');
    expect(matchingRange({ from: '2026-03-02', page: 1, pageSize: 50 }, today)).toBeUndefined();
  });
});
