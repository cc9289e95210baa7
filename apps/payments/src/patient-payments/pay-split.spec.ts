import type { PhysicianTreatmentTotal } from '@dental/contracts';
import { Money, Percent } from '@dental/money';

// The code under test is loaded in beforeAll, not imported at the top: it pulls in @dental/contracts (@nestjs/swagger,
// class-validator; over half a second), and the mutation run (stryker.config.mjs) loads every spec for each mutant but
// runs a file's hooks only when one of its tests covers that mutant, so money mutants these tests never reach skip it.
let storedMoney: typeof import('./bank-charge').storedMoney;
let clinicFee: typeof import('./pay-split').clinicFee;
let paySplit: typeof import('./pay-split').paySplit;
beforeAll(async () => {
  ({ storedMoney } = await import('./bank-charge'));
  ({ clinicFee, paySplit } = await import('./pay-split'));
});

const eur = (d: string) => Money.parse(d, 'EUR');
const total = (physicianId: string | null, amount: string): PhysicianTreatmentTotal => ({
  physicianId,
  name: physicianId ?? 'Clinic',
  treatmentAmount: eur(amount),
});
const card = (amount: string, percent: string | null, bankCost: string | null = null) =>
  storedMoney(
    { paymentType: 'card', enteredAmount: amount, bankCost },
    percent === null ? null : Percent.parse(percent),
    'EUR',
  );
const sumOf = (splits: { amount: string }[]) =>
  Money.sum(
    splits.map((s) => eur(s.amount)),
    'EUR',
  ).toDecimal();

describe('paySplit: the clinic keeps the state-1 bank fee out of the physicians’ split', () => {
  it('state 1: 1025.00 = 1000.00 over A 600 : B 400, and the 25.00 fee to a new Clinic row', () => {
    const money = card('1000.00', '2.5');
    expect(money.amount.toDecimal()).toBe('1025.00');
    expect(paySplit([total('a', '600.00'), total('b', '400.00')], money)).toEqual([
      { physicianId: 'a', amount: '600.00' },
      { physicianId: 'b', amount: '400.00' },
      { physicianId: null, amount: '25.00' },
    ]);
  });

  it('state 1 over three physicians and an existing Clinic row: the fee is merged into the Clinic share, sum exact', () => {
    // 1000.00 over 333.33 : 25.00 : 333.33 : 333.34 (1025.00) → 325.20, 24.39, 325.20, 325.21; Clinic + 25.00
    const totals = [total('a', '333.33'), total(null, '25.00'), total('b', '333.33'), total('c', '333.34')];
    const splits = paySplit(totals, card('1000.00', '2.5'));
    expect(splits).toEqual([
      { physicianId: 'a', amount: '325.20' },
      { physicianId: null, amount: '49.39' },
      { physicianId: 'b', amount: '325.20' },
      { physicianId: 'c', amount: '325.21' },
    ]);
    expect(sumOf(splits)).toBe('1025.00');
  });

  it('sums are exact for awkward amounts and percentages', () => {
    const totals = [total('a', '333.33'), total('b', '333.33'), total('c', '333.34')];
    for (const [amount, percent] of [
      ['0.01', '2.5'],
      ['0.07', '1.99'],
      ['777.77', '2.75'],
      ['12345.67', '3.333'],
    ]) {
      const money = card(amount, percent);
      const splits = paySplit(totals, money);
      expect(sumOf(splits)).toBe(money.amount.toDecimal());
      // the physicians share exactly what was typed
      expect(sumOf(splits.filter((s) => s.physicianId !== null))).toBe(money.entered.toDecimal());
    }
  });

  it('a card payment with a bank charge but no bank cost on record has no fee: the whole amount is split', () => {
    const money = { amount: eur('100.00'), bankCost: null, bankCharge: Percent.parse('2.5') };
    expect(clinicFee(money)).toBeNull();
    expect(paySplit([total('a', '600.00'), total('b', '400.00')], money)).toEqual([
      { physicianId: 'a', amount: '60.00' },
      { physicianId: 'b', amount: '40.00' },
    ]);
  });

  it('a fee rounding to 0.00 adds no Clinic row', () => {
    const money = card('0.10', '2.5'); // 0.0025 → 0.00
    expect(clinicFee(money)).toBeNull();
    expect(paySplit([total('a', '1.00')], money)).toEqual([{ physicianId: 'a', amount: '0.10' }]);
  });

  it('state 0 (typed bank cost, amount as typed) and not set: the whole amount is split as before', () => {
    const totals = [total('a', '600.00'), total('b', '400.00')];
    const typed = card('1000.00', '0', '20.00');
    expect(clinicFee(typed)).toBeNull();
    expect(paySplit(totals, typed)).toEqual([
      { physicianId: 'a', amount: '600.00' },
      { physicianId: 'b', amount: '400.00' },
    ]);
    expect(paySplit(totals, card('1000.00', null))).toEqual([
      { physicianId: 'a', amount: '600.00' },
      { physicianId: 'b', amount: '400.00' },
    ]);
  });

  it('a refund splits negative over everyone, no fee', () => {
    const refund = storedMoney(
      { paymentType: 'refund', enteredAmount: '100.00', bankCost: null },
      Percent.parse('2.5'),
      'EUR',
    );
    expect(paySplit([total('a', '600.00'), total('b', '400.00')], refund)).toEqual([
      { physicianId: 'a', amount: '-60.00' },
      { physicianId: 'b', amount: '-40.00' },
    ]);
  });

  it('with no treatments the whole stored amount goes to the Clinic row, once', () => {
    expect(paySplit([], card('1000.00', '2.5'))).toEqual([{ physicianId: null, amount: '1025.00' }]);
  });
});
