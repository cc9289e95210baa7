import {
  correctionOf,
  CORRECTION_REASONS,
  historyChangeText,
  historyValue,
  isRemoval,
  knownChanges,
  reasonProblems,
  type HistoryFormat,
} from './corrections';

const labels: Record<string, string> = { amount: 'Amount', date: 'Date', paymentType: 'Payment type', note: 'Note' };
const words: Record<string, string> = { cash: 'Cash', card: 'Credit/Debit card' };
const en: HistoryFormat = {
  locale: 'en',
  currency: 'EUR',
  label: (field) => labels[field] ?? field,
  word: (_field, value) => words[value] ?? value,
};

describe('corrections: reasons', () => {
  it('offers the six reasons of the API', () => {
    expect(CORRECTION_REASONS).toEqual([
      'entry_error',
      'duplicate',
      'patient_request',
      'price_change',
      'goodwill',
      'other',
    ]);
  });

  it('wants a reason, and a memo with "other"', () => {
    expect(reasonProblems({ reason: '', memo: '' })).toEqual({ reason: 'reasonRequired' });
    expect(reasonProblems({ reason: 'other', memo: '  ' })).toEqual({ memo: 'memoRequired' });
    expect(reasonProblems({ reason: 'other', memo: 'the patient moved' })).toEqual({});
    expect(reasonProblems({ reason: 'duplicate', memo: '' })).toEqual({});
    expect(reasonProblems({ reason: 'goodwill', memo: 'x'.repeat(501) })).toEqual({ memo: 'memoTooLong' });
  });

  it('sends the memo only when one is typed, trimmed', () => {
    expect(correctionOf({ reason: 'duplicate', memo: ' ' })).toEqual({ reason: 'duplicate' });
    expect(correctionOf({ reason: 'other', memo: ' moved away ' })).toEqual({ reason: 'other', memo: 'moved away' });
    expect(() => correctionOf({ reason: '', memo: '' })).toThrow('no reason chosen');
  });
});

describe('corrections: a history change as the page reads it', () => {
  it('writes money in the currency and days the clinic’s way, before → after', () => {
    expect(historyChangeText({ field: 'amount', before: '100.00', after: '120.00' }, en)).toBe(
      'Amount: €100.00 → €120.00',
    );
    expect(historyChangeText({ field: 'date', before: '2026-11-02', after: '2026-11-03' }, en)).toBe(
      'Date: 02/11/2026 → 03/11/2026',
    );
    expect(
      historyChangeText(
        { field: 'amount', before: '1250.50', after: '1000.00' },
        { ...en, locale: 'tr', currency: 'TRY' },
      ),
    ).toBe('Amount: ₺1.250,50 → ₺1.000,00');
  });

  it('says a created value as it came to be, a removed one as it was, and an empty one as —', () => {
    expect(historyChangeText({ field: 'amount', before: null, after: '50.00' }, en, 'created')).toBe('Amount: €50.00');
    expect(historyChangeText({ field: 'paymentType', before: 'cash', after: null }, en, 'deleted')).toBe(
      'Payment type: Cash',
    );
    expect(historyChangeText({ field: 'note', before: null, after: 'moved' }, en)).toBe('Note: — → moved');
    expect(historyChangeText({ field: 'note', before: 'moved', after: '' }, en)).toBe('Note: moved → —');
  });

  it('reads stored values of any kind, and dates sent as midnight UTC as their day', () => {
    expect(historyValue('date', '2026-11-02T00:00:00.000Z', en)).toBe('02/11/2026');
    expect(historyValue('amount', 120, en)).toBe('€120.00');
    expect(historyValue('note', undefined, en)).toBe('—');
    expect(historyValue('tooth', ['16', '17'], en)).toBe('["16","17"]');
  });

  it('keeps the fields a reader knows, in the page order', () => {
    const changes = [
      { field: 'revision', before: 1, after: 2 },
      { field: 'amount', before: '100.00', after: '120.00' },
      { field: 'createdAt', before: null, after: '2026-11-02T10:00:00Z' },
      { field: 'date', before: '2026-11-01', after: '2026-11-02' },
    ];
    expect(knownChanges(changes).map((c) => c.field)).toEqual(['date', 'amount']);
  });

  it('keeps unknown fields and non-money numbers as they are', () => {
    expect(historyValue('tooth', '26', en)).toBe('26');
    expect(historyChangeText({ field: 'procedure', before: 'Filling', after: 'Crown' }, en)).toBe(
      'procedure: Filling → Crown',
    );
  });

  it('reads deletions, cancellations and undos as removals', () => {
    expect(['deleted', 'cancelled', 'undone', 'updated', 'created'].map(isRemoval)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
