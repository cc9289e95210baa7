import { DomainError, PaymentPlanDto } from '@dental/contracts';
import { buildPaymentPlan, INSTALLMENTS_MISMATCH } from './payment-plan';

const plan = (p: Partial<PaymentPlanDto>): PaymentPlanDto =>
  ({ totalAmount: '1000.00', paymentMethod: 'bank_transfer', ...p }) as PaymentPlanDto;

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const fields = (e: DomainError) => (e.details as { field: string }[]).map((d) => d.field);

describe('buildPaymentPlan', () => {
  it('one due date is one installment of the whole total', () => {
    const p = buildPaymentPlan(plan({ totalAmount: '1000', dueDate: '2026-12-01' }), 'EUR');
    expect(p.total.toDecimal()).toBe('1000.00');
    expect(p.installments.map((i) => [i.number, i.dueDate, i.amount.toDecimal()])).toEqual([
      [1, '2026-12-01', '1000.00'],
    ]);
  });

  it('installments are numbered in due-date order, equal dates keeping the given order', () => {
    const p = buildPaymentPlan(
      plan({
        installments: [
          { dueDate: '2027-02-01', amount: '300.00' },
          { dueDate: '2026-12-01', amount: '500.00' },
          { dueDate: '2027-02-01', amount: '200.00' },
        ],
      }),
      'EUR',
    );
    expect(p.installments.map((i) => [i.number, i.dueDate, i.amount.toDecimal()])).toEqual([
      [1, '2026-12-01', '500.00'],
      [2, '2027-02-01', '300.00'],
      [3, '2027-02-01', '200.00'],
    ]);
  });

  it('installments that do not sum to the total are a 422 with the difference', () => {
    const e = errorOf(() =>
      buildPaymentPlan(
        plan({
          installments: [
            { dueDate: '2026-12-01', amount: '500.00' },
            { dueDate: '2027-01-01', amount: '400.00' },
          ],
        }),
        'EUR',
      ),
    );
    expect({ code: e.code, status: e.status, details: e.details }).toEqual({
      code: INSTALLMENTS_MISMATCH,
      status: 422,
      details: { expected: '1000.00', actual: '900.00', difference: '100.00' },
    });
    const over = errorOf(() =>
      buildPaymentPlan(plan({ installments: [{ dueDate: '2026-12-01', amount: '1000.01' }] }), 'EUR'),
    );
    expect(over.details).toEqual({ expected: '1000.00', actual: '1000.01', difference: '-0.01' });
  });

  it.each([
    ['both', { dueDate: '2026-12-01', installments: [{ dueDate: '2026-12-01', amount: '1000.00' }] }],
    ['neither', {}],
  ])('%s of dueDate and installments is a 400 naming both fields', (_, given) => {
    const e = errorOf(() => buildPaymentPlan(plan(given), 'EUR'));
    expect([e.status, e.code]).toEqual([400, 'REQUEST.VALIDATION']);
    expect(fields(e)).toEqual(['paymentPlan.dueDate', 'paymentPlan.installments']);
  });

  it('a zero total is a 400 naming paymentPlan.totalAmount', () => {
    const e = errorOf(() => buildPaymentPlan(plan({ totalAmount: '0.00', dueDate: '2026-12-01' }), 'EUR'));
    expect([e.status, fields(e)]).toEqual([400, ['paymentPlan.totalAmount']]);
  });

  it('a zero installment is a 400 naming it', () => {
    const e = errorOf(() =>
      buildPaymentPlan(
        plan({
          installments: [
            { dueDate: '2026-12-01', amount: '1000.00' },
            { dueDate: '2027-01-01', amount: '0' },
          ],
        }),
        'EUR',
      ),
    );
    expect([e.status, fields(e)]).toEqual([400, ['paymentPlan.installments.1.amount']]);
  });

  it("decimals beyond the clinic currency's are a 400 naming the field", () => {
    const e = errorOf(() => buildPaymentPlan(plan({ totalAmount: '1000.50', dueDate: '2026-12-01' }), 'JPY'));
    expect([e.status, fields(e)]).toEqual([400, ['paymentPlan.totalAmount']]);
    expect(e.message).toContain('JPY');
    expect(buildPaymentPlan(plan({ totalAmount: '1000', dueDate: '2026-12-01' }), 'JPY').total.toDecimal()).toBe(
      '1000',
    );
  });
});
