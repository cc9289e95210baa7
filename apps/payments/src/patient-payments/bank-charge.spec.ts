import type { DomainError } from '@dental/contracts';
import { Money, Percent } from '@dental/money';
import type { MoneyEntry } from './bank-charge';

// The code under test is loaded in beforeAll, not imported at the top: it pulls in @dental/contracts (@nestjs/swagger,
// class-validator; over half a second), and the mutation run (stryker.config.mjs) loads every spec for each mutant but
// runs a file's hooks only when one of its tests covers that mutant, so money mutants these tests never reach skip it.
let storedMoney: typeof import('./bank-charge').storedMoney;
beforeAll(async () => {
  ({ storedMoney } = await import('./bank-charge'));
});

/** A DomainError, told by its name: importing the class here would load @dental/contracts with the file. */
const isDomainError = (e: unknown): e is DomainError => e instanceof Error && e.name === 'DomainError';

const card = (enteredAmount: string, bankCost: string | null = null): MoneyEntry => ({
  paymentType: 'card',
  enteredAmount,
  bankCost,
});

function view(entry: MoneyEntry, percent: string | null, currency = 'EUR') {
  const m = storedMoney(entry, percent === null ? null : Percent.parse(percent), currency);
  return {
    amount: m.amount.toDecimal(),
    entered: m.entered.toDecimal(),
    bankCost: m.bankCost?.toDecimal() ?? null,
    bankCharge: m.bankCharge?.toDecimal() ?? null,
  };
}

function refusal(entry: MoneyEntry, percent: string | null, currency = 'EUR') {
  try {
    storedMoney(entry, percent === null ? null : Percent.parse(percent), currency);
  } catch (e) {
    if (isDomainError(e)) return { status: e.status, details: e.details };
    throw e;
  }
  throw new Error('accepted');
}

describe('storedMoney (DOMAIN.md B card payments and bank cost)', () => {
  it('state 1: 1000.00 × 2.5% = 25.00 is added, the payment becomes 1025.00', () => {
    expect(view(card('1000.00'), '2.5')).toEqual({
      amount: '1025.00',
      entered: '1000.00',
      bankCost: '25.00',
      bankCharge: '2.50',
    });
  });

  it('state 1 rounds half-up to the cent: 10.10 × 2.5% = 0.2525 → 0.25, 10.30 × 2.5% = 0.2575 → 0.26', () => {
    expect(view(card('10.10'), '2.5').bankCost).toBe('0.25');
    expect(view(card('10.30'), '2.5').bankCost).toBe('0.26');
    expect(view(card('0.20'), '2.5')).toMatchObject({ bankCost: '0.01', amount: '0.21' });
  });

  it('state 0: the typed bank cost is kept, the amount stays as typed', () => {
    expect(view(card('1000.00', '20.00'), '0')).toEqual({
      amount: '1000.00',
      entered: '1000.00',
      bankCost: '20.00',
      bankCharge: '0.00',
    });
    expect(view(card('1000.00'), '0')).toMatchObject({ amount: '1000.00', bankCost: null });
  });

  it('state "not set": no bank cost', () => {
    expect(view(card('1000.00'), null)).toEqual({
      amount: '1000.00',
      entered: '1000.00',
      bankCost: null,
      bankCharge: null,
    });
  });

  it('a refund is entered positive and stored negative, other types as typed, no bank cost', () => {
    expect(view({ paymentType: 'refund', enteredAmount: '50.00', bankCost: null }, '2.5')).toMatchObject({
      amount: '-50.00',
      bankCost: null,
      bankCharge: null,
    });
    expect(view({ paymentType: 'cash', enteredAmount: '50.00', bankCost: null }, '2.5').amount).toBe('50.00');
  });

  it('a bank cost typed in the wrong state, on a non-card or negative is a 400 naming bankCost', () => {
    const bankCost = { status: 400, details: [{ field: 'bankCost', reasons: [expect.any(String)] }] };
    expect(refusal(card('100.00', '1.00'), '2.5')).toEqual(bankCost);
    expect(refusal(card('100.00', '1.00'), null)).toEqual(bankCost);
    expect(refusal({ paymentType: 'cash', enteredAmount: '100.00', bankCost: '1.00' }, '0')).toEqual(bankCost);
    expect(refusal(card('100.00', '-1.00'), '0')).toEqual(bankCost);
  });

  it('a typed bank cost that does not fit the currency is a 400 naming bankCost, not amount', () => {
    const bankCost = { status: 400, details: [{ field: 'bankCost', reasons: [expect.stringContaining('1.234')] }] };
    expect(refusal(card('100.00', '1.234'), '0')).toEqual(bankCost);
    expect(refusal(card('100.00', '1,00'), '0')).toMatchObject({ details: [{ field: 'bankCost' }] });
  });

  it('a bug while reading an amount stays a bug (a 500), not a 400 blaming the input', () => {
    const bug = new TypeError('a bug, not bad input');
    jest.spyOn(Money, 'parse').mockImplementationOnce(() => {
      throw bug;
    });
    try {
      expect(() => storedMoney(card('100.00'), null, 'EUR')).toThrow(bug);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('amounts not above 0 or not fitting the currency are a 400 naming amount', () => {
    const amount = { status: 400, details: [{ field: 'amount', reasons: [expect.any(String)] }] };
    expect(refusal(card('0'), null)).toEqual(amount);
    expect(refusal(card('-5'), null)).toEqual(amount);
    expect(refusal(card('12.50'), null, 'JPY')).toEqual(amount);
  });
});
