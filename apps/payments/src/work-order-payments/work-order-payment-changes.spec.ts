import { DomainError } from '@dental/contracts';
import { parsePaymentAmount } from './work-order-payment-changes';

function refusal(amount: string, currency: string): { status: number; code: string; fields: string[] } {
  try {
    parsePaymentAmount(amount, currency);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { status: e.status, code: e.code, fields: (e.details as { field: string }[]).map((d) => d.field) };
  }
  throw new Error(`${amount} ${currency} was accepted`);
}

describe('parsePaymentAmount', () => {
  it.each([
    ['400.00', 'EUR', 40000n],
    ['-150.5', 'EUR', -15050n],
    ['12500', 'JPY', 12500n],
  ])('%s %s is %p minor units', (amount, currency, minor) => {
    expect(parsePaymentAmount(amount, currency)).toEqual(expect.objectContaining({ minor, currency }));
  });

  it.each([
    ['12.345', 'EUR'],
    ['1e3', 'EUR'],
    ['', 'EUR'],
    ['abc', 'EUR'],
    ['12.50', 'JPY'],
  ])('%p in %s is a 400 naming amount', (amount, currency) => {
    expect(refusal(amount, currency)).toEqual({ status: 400, code: 'REQUEST.VALIDATION', fields: ['amount'] });
  });

  it.each(['0', '0.00', '-0.00'])('zero (%p) is a 422', (amount) => {
    expect(refusal(amount, 'EUR')).toEqual({ status: 422, code: 'WORK_ORDER_PAYMENT.ZERO_AMOUNT', fields: ['amount'] });
  });
});
