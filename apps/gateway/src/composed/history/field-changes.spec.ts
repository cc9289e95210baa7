import { AuditRecordView } from '@dental/contracts';
import { authorName, fieldChanges, historyOf } from './field-changes';

describe('a record history', () => {
  it('lists only the fields whose value changed, ids and revisions left out', () => {
    expect(
      fieldChanges(
        { id: 'p1', revision: 1, amount: '100.00', date: '2026-11-01', note: null, splits: [{ a: '1' }] },
        { id: 'p1', revision: 2, amount: '120.00', date: '2026-11-01', note: 'moved', splits: [{ a: '2' }] },
      ),
    ).toEqual([
      { field: 'amount', before: '100.00', after: '120.00' },
      { field: 'note', before: null, after: 'moved' },
      { field: 'splits', before: [{ a: '1' }], after: [{ a: '2' }] },
    ]);
  });

  it('shows a creation as null → value and a deletion as value → null', () => {
    expect(fieldChanges(null, { amount: '5.00', tooth: null })).toEqual([
      { field: 'amount', before: null, after: '5.00' },
    ]);
    expect(fieldChanges({ amount: '5.00' }, null)).toEqual([{ field: 'amount', before: '5.00', after: null }]);
  });

  it('names users, services and removed users', () => {
    const names = new Map([['u1', 'Ayla']]);
    expect(authorName('u1', names)).toBe('Ayla');
    expect(authorName('system:payments', names)).toBe('automatic (payments)');
    expect(authorName('u2', names)).toBe('a former user');
  });

  it('numbers versions from the oldest and keeps reason and memo', () => {
    const entry = (action: string, reason: AuditRecordView['reason'], memo: string | null): AuditRecordView => ({
      at: '2026-12-01T10:00:00.000Z',
      userId: 'u1',
      action,
      reason,
      memo,
      before: action === 'created' ? null : { amount: '1.00' },
      after: action === 'deleted' ? null : { amount: action === 'created' ? '1.00' : '2.00' },
    });
    const history = historyOf(
      [entry('created', null, null), entry('updated', 'price_change', null), entry('deleted', 'other', 'twice')],
      new Map([['u1', 'Ayla']]),
    );
    expect(history.map((h) => [h.version, h.action, h.reason, h.memo, h.userName])).toEqual([
      [1, 'created', null, null, 'Ayla'],
      [2, 'updated', 'price_change', null, 'Ayla'],
      [3, 'deleted', 'other', 'twice', 'Ayla'],
    ]);
    expect(history[1].changes).toEqual([{ field: 'amount', before: '1.00', after: '2.00' }]);
  });
});
