import { auditChanges } from './audit-change';

describe("an activity-log entry's changes in the page's fields", () => {
  it('an update lists what differs, in the known fields only', () => {
    expect(
      auditChanges(
        { amount: '400.00', method: 'cash', revision: 1, labId: 'x', note: null },
        { amount: '450.00', method: 'cash', revision: 2, labId: 'y', note: 'second visit' },
      ),
    ).toEqual([
      { field: 'amount', before: '400.00', after: '450.00' },
      { field: 'note', before: undefined, after: 'second visit' },
    ]);
  });

  it('a creation shows what was set, a deletion what was there', () => {
    const payment = { id: 'p', date: '2026-11-10', amount: '100.00', method: 'card', reference: '', currency: 'EUR' };
    expect(auditChanges(null, payment)).toEqual([
      { field: 'date', after: '2026-11-10' },
      { field: 'amount', after: '100.00' },
      { field: 'method', after: 'card' },
    ]);
    expect(auditChanges(payment, null).map((c) => [c.field, c.before])).toEqual([
      ['date', '2026-11-10'],
      ['amount', '100.00'],
      ['method', 'card'],
    ]);
  });

  it('the status of a work order, and nothing for an entry of unknown fields', () => {
    expect(auditChanges({ status: 'draft' }, { status: 'sent' })).toEqual([
      { field: 'status', before: 'draft', after: 'sent' },
    ]);
    expect(auditChanges({ treatmentIds: [] }, { treatmentIds: ['t'] })).toEqual([]);
  });
});
