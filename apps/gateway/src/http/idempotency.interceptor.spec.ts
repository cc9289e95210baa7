import { canonicalJson } from './idempotency.interceptor';

describe('canonicalJson (the body an Idempotency-Key is bound to)', () => {
  it('is the same for the same fields in another order, at any depth', () => {
    const a = { date: '2026-11-22', amount: '10.00', plan: { totalAmount: '5.00', installments: [{ b: 1, a: 2 }] } };
    const b = { plan: { installments: [{ a: 2, b: 1 }], totalAmount: '5.00' }, amount: '10.00', date: '2026-11-22' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('differs when a value or the order of a list differs', () => {
    expect(canonicalJson({ amount: '10.00' })).not.toBe(canonicalJson({ amount: '10.01' }));
    expect(canonicalJson({ ids: ['a', 'b'] })).not.toBe(canonicalJson({ ids: ['b', 'a'] }));
    expect(canonicalJson(null)).toBe('null');
  });
});
