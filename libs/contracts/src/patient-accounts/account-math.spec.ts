import { Money } from '@dental/money';
import {
  accountSummary,
  CLINIC_ROW_NAME,
  contractReceivables,
  contractSchedule,
  distributeBalance,
  splitPayment,
  totalsByPhysician,
} from './account-math';

const eur = (text: string) => Money.parse(text, 'EUR');
const total = (physicianId: string | null, name: string, amount: string) => ({
  physicianId,
  name,
  treatmentAmount: eur(amount),
});
const sum = (amounts: string[]) => Money.sum(amounts.map(eur), 'EUR').toDecimal();

describe('distributeBalance (DOMAIN.md B, Balance distribution)', () => {
  it('gives Dr. A 300.00 / 300.00 and Dr. B 200.00 / 200.00 of 500.00 received on 600.00 and 400.00', () => {
    expect(distributeBalance([total('a', 'Dr. A', '600.00'), total('b', 'Dr. B', '400.00')], eur('500.00'))).toEqual([
      {
        physicianId: 'a',
        name: 'Dr. A',
        treatmentAmount: '600.00',
        sharePercent: '60.00',
        allocatedAmount: '300.00',
        remainingAmount: '300.00',
      },
      {
        physicianId: 'b',
        name: 'Dr. B',
        treatmentAmount: '400.00',
        sharePercent: '40.00',
        allocatedAmount: '200.00',
        remainingAmount: '200.00',
      },
    ]);
  });

  it('makes three equal shares of 100.00 sum to exactly 100.00 (the odd cent to the first)', () => {
    const rows = distributeBalance(
      [total('a', 'A', '100.00'), total('b', 'B', '100.00'), total('c', 'C', '100.00')],
      eur('100.00'),
    );
    expect(rows.map((r) => r.allocatedAmount)).toEqual(['33.34', '33.33', '33.33']);
    expect(sum(rows.map((r) => r.allocatedAmount))).toBe('100.00');
    expect(rows.map((r) => r.remainingAmount)).toEqual(['66.66', '66.67', '66.67']);
  });

  it('sums exactly on shares that do not divide evenly, with a clinic (Bank Cost) row', () => {
    const rows = distributeBalance(
      [total('a', 'A', '333.33'), total(null, CLINIC_ROW_NAME, '25.00'), total('b', 'B', '641.67')],
      eur('777.77'),
    );
    expect(rows.map((r) => r.physicianId)).toEqual(['a', null, 'b']);
    expect(rows[1].name).toBe('Clinic');
    expect(sum(rows.map((r) => r.allocatedAmount))).toBe('777.77');
    for (const r of rows)
      expect(eur(r.treatmentAmount).minus(eur(r.allocatedAmount)).toDecimal()).toBe(r.remainingAmount);
  });

  it('leaves rows with no treatment amount out', () => {
    const rows = distributeBalance([total('a', 'A', '0.00'), total('b', 'B', '50.00')], eur('10.00'));
    expect(rows.map((r) => [r.physicianId, r.allocatedAmount])).toEqual([['b', '10.00']]);
  });

  it('leaves out a physician whose treatments net to zero (a treatment and its correction)', () => {
    const totals = totalsByPhysician(
      [
        { physicianId: 'a', amount: '120.00' },
        { physicianId: 'b', amount: '80.00' },
        { physicianId: 'a', amount: '-120.00' },
      ],
      new Map([
        ['a', 'Dr. A'],
        ['b', 'Dr. B'],
      ]),
      'EUR',
    );
    expect(distributeBalance(totals, eur('50.00'))).toEqual([
      {
        physicianId: 'b',
        name: 'Dr. B',
        treatmentAmount: '80.00',
        sharePercent: '100.00',
        allocatedAmount: '50.00',
        remainingAmount: '30.00',
      },
    ]);
  });

  it('gives a physician whose treatments net negative no share of the money, the others all of it', () => {
    // A 600.00, B -100.00 (a correction larger than B's treatments): 250.00 goes to A alone
    const rows = distributeBalance([total('a', 'A', '600.00'), total('b', 'B', '-100.00')], eur('250.00'));
    expect(rows.map((r) => [r.physicianId, r.treatmentAmount, r.allocatedAmount, r.remainingAmount])).toEqual([
      ['a', '600.00', '250.00', '350.00'],
      ['b', '-100.00', '0.00', '-100.00'],
    ]);
    // shares of the 500.00 net: 600/500 and -100/500
    expect(rows.map((r) => r.sharePercent)).toEqual(['120.00', '-20.00']);
  });

  it('allocates everything to the clinic row when the treatments net to zero or below', () => {
    const clinicOnly = (received: string) => [
      {
        physicianId: null,
        name: 'Clinic',
        treatmentAmount: '0.00',
        sharePercent: '100.00',
        allocatedAmount: received,
        remainingAmount: eur(received).negate().toDecimal(),
      },
    ];
    expect(distributeBalance([total('a', 'A', '100.00'), total('b', 'B', '-100.00')], eur('30.00'))).toEqual(
      clinicOnly('30.00'),
    );
    expect(distributeBalance([total('a', 'A', '-40.00')], eur('-12.50'))).toEqual(clinicOnly('-12.50'));
    expect(distributeBalance([total('a', 'A', '100.00'), total('b', 'B', '-100.00')], eur('0.00'))).toEqual([]);
  });

  it('allocates everything received to the clinic row when there are no treatments', () => {
    expect(distributeBalance([], eur('40.00'))).toEqual([
      {
        physicianId: null,
        name: 'Clinic',
        treatmentAmount: '0.00',
        sharePercent: '100.00',
        allocatedAmount: '40.00',
        remainingAmount: '-40.00',
      },
    ]);
    expect(distributeBalance([], eur('0.00'))).toEqual([]);
  });

  it('splits a refund negatively, summing to the refund', () => {
    const splits = splitPayment([total('a', 'A', '600.00'), total('b', 'B', '400.00')], eur('-50.01'));
    expect(splits).toEqual([
      { physicianId: 'a', amount: '-30.01' },
      { physicianId: 'b', amount: '-20.00' },
    ]);
  });
});

describe('totalsByPhysician', () => {
  it('sums per physician in first-seen order, treatments with no physician on the clinic row', () => {
    const totals = totalsByPhysician(
      [
        { physicianId: 'b', amount: '100.00' },
        { physicianId: null, amount: '25.00' },
        { physicianId: 'a', amount: '50.10' },
        { physicianId: 'b', amount: '0.05' },
      ],
      new Map([
        ['a', 'Dr. A'],
        ['b', 'Dr. B'],
      ]),
      'EUR',
    );
    expect(totals.map((t) => [t.physicianId, t.name, t.treatmentAmount.toDecimal()])).toEqual([
      ['b', 'Dr. B', '100.05'],
      [null, 'Clinic', '25.00'],
      ['a', 'Dr. A', '50.10'],
    ]);
  });
});

describe('accountSummary', () => {
  it('shows Unpaid when treatments exceed what was received', () => {
    expect(accountSummary(eur('1000.00'), eur('500.00'))).toEqual({
      treatmentTotal: '1000.00',
      receivedTotal: '500.00',
      unpaid: '500.00',
      receivedMore: '0.00',
    });
  });

  it('shows Received more when more was received than treated', () => {
    expect(accountSummary(eur('300.00'), eur('450.50'))).toEqual({
      treatmentTotal: '300.00',
      receivedTotal: '450.50',
      unpaid: '0.00',
      receivedMore: '150.50',
    });
  });

  it('shows neither when even', () => {
    expect(accountSummary(eur('10.00'), eur('10.00'))).toMatchObject({ unpaid: '0.00', receivedMore: '0.00' });
  });
});

describe('contractSchedule (DOMAIN.md B, Contract)', () => {
  it('1000.00 with 100.00 down in 3: the down payment on the contract date, then 300.00 × 3 monthly', () => {
    expect(
      contractSchedule({
        totalAmount: eur('1000.00'),
        downPayment: eur('100.00'),
        installmentCount: 3,
        firstDueDate: '2026-12-15',
        contractDate: '2026-11-22',
      }),
    ).toEqual([
      { number: 0, dueDate: '2026-11-22', amount: '100.00' },
      { number: 1, dueDate: '2026-12-15', amount: '300.00' },
      { number: 2, dueDate: '2027-01-15', amount: '300.00' },
      { number: 3, dueDate: '2027-02-15', amount: '300.00' },
    ]);
  });

  it('1000.00 with nothing down in 3: 333.33, 333.33, 333.34 (the remainder on the last), no item 0', () => {
    expect(
      contractSchedule({
        totalAmount: eur('1000.00'),
        downPayment: eur('0.00'),
        installmentCount: 3,
        firstDueDate: '2026-12-01',
        contractDate: '2026-11-22',
      }).map((i) => [i.number, i.amount]),
    ).toEqual([
      [1, '333.33'],
      [2, '333.33'],
      [3, '333.34'],
    ]);
  });

  it('a due date on the 31st falls on the last day of shorter months, then back on the 31st', () => {
    const dates = (firstDueDate: string) =>
      contractSchedule({
        totalAmount: eur('400.00'),
        downPayment: eur('0.00'),
        installmentCount: 4,
        firstDueDate,
        contractDate: '2026-01-01',
      }).map((i) => i.dueDate);
    expect(dates('2027-01-31')).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    expect(dates('2028-01-31')).toEqual(['2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30']);
    expect(dates('2026-11-30')).toEqual(['2026-11-30', '2026-12-30', '2027-01-30', '2027-02-28']);
  });

  it('writes a due day below 10 with two digits, whatever the month length', () => {
    const dates = contractSchedule({
      totalAmount: eur('300.00'),
      downPayment: eur('0.00'),
      installmentCount: 3,
      firstDueDate: '2027-01-05',
      contractDate: '2026-12-20',
    }).map((i) => i.dueDate);
    expect(dates).toEqual(['2027-01-05', '2027-02-05', '2027-03-05']);
  });

  it('writes every due date with four year digits (YYYY-MM-DD), also before year 1000', () => {
    const dates = contractSchedule({
      totalAmount: eur('200.00'),
      downPayment: eur('0.00'),
      installmentCount: 2,
      firstDueDate: '0999-12-15',
      contractDate: '2026-01-01',
    }).map((i) => i.dueDate);
    expect(dates).toEqual(['0999-12-15', '1000-01-15']);
  });
});

describe('contractReceivables', () => {
  // Made inside each test, not when the file is collected, so the mutation run ties it to the tests that use it.
  const schedule = () =>
    contractSchedule({
      totalAmount: eur('1000.00'),
      downPayment: eur('100.00'),
      installmentCount: 3,
      firstDueDate: '2026-12-15',
      contractDate: '2026-11-22',
    });

  it('covers oldest first: paid, partially_paid, upcoming; nothing overdue yet', () => {
    const r = contractReceivables(schedule(), eur('550.00'), '2026-12-15');
    expect(r.installments.map((i) => [i.number, i.coveredAmount, i.remainingAmount, i.status])).toEqual([
      [0, '100.00', '0.00', 'paid'],
      [1, '300.00', '0.00', 'paid'],
      [2, '150.00', '150.00', 'partially_paid'],
      [3, '0.00', '300.00', 'upcoming'],
    ]);
    expect(r).toMatchObject({ coveredAmount: '550.00', receivableAmount: '450.00', overdueAmount: '0.00' });
  });

  it('marks an installment whose due date has passed and is not covered as overdue', () => {
    const r = contractReceivables(schedule(), eur('250.00'), '2027-01-16');
    expect(r.installments.map((i) => i.status)).toEqual(['paid', 'overdue', 'overdue', 'upcoming']);
    expect(r).toMatchObject({ coveredAmount: '250.00', receivableAmount: '750.00', overdueAmount: '450.00' });
  });

  it('due today and uncovered is still upcoming; nothing paid leaves everything to receive', () => {
    const r = contractReceivables(schedule(), eur('0.00'), '2026-11-22');
    expect(r.installments.map((i) => i.status)).toEqual(['upcoming', 'upcoming', 'upcoming', 'upcoming']);
    expect(r).toMatchObject({ coveredAmount: '0.00', receivableAmount: '1000.00', overdueAmount: '0.00' });
  });

  it('covers oldest first whatever order the schedule comes in', () => {
    const inOrder = contractReceivables(schedule(), eur('550.00'), '2026-12-15');
    const shuffled = [3, 0, 2, 1].map((n) => schedule().find((i) => i.number === n)!);
    const r = contractReceivables(shuffled, eur('550.00'), '2026-12-15');
    expect(r.installments.map((i) => [i.number, i.dueDate, i.coveredAmount, i.status])).toEqual([
      [0, '2026-11-22', '100.00', 'paid'],
      [1, '2026-12-15', '300.00', 'paid'],
      [2, '2027-01-15', '150.00', 'partially_paid'],
      [3, '2027-02-15', '0.00', 'upcoming'],
    ]);
    expect(r).toEqual(inOrder);
  });

  it('on the same day covers the down payment before the first installment', () => {
    // first installment due on the contract date itself: 200.00 down, 3 × 100.00 from 2027-03-01
    const sameDay = contractSchedule({
      totalAmount: eur('500.00'),
      downPayment: eur('200.00'),
      installmentCount: 3,
      firstDueDate: '2027-03-01',
      contractDate: '2027-03-01',
    });
    expect(sameDay.map((i) => [i.number, i.dueDate])).toEqual([
      [0, '2027-03-01'],
      [1, '2027-03-01'],
      [2, '2027-04-01'],
      [3, '2027-05-01'],
    ]);
    for (const given of [sameDay, [...sameDay].reverse(), [sameDay[1], sameDay[0], sameDay[3], sameDay[2]]]) {
      const r = contractReceivables(given, eur('250.00'), '2027-03-02');
      expect(r.installments.map((i) => [i.number, i.coveredAmount, i.remainingAmount, i.status])).toEqual([
        [0, '200.00', '0.00', 'paid'],
        [1, '50.00', '50.00', 'overdue'],
        [2, '0.00', '100.00', 'upcoming'],
        [3, '0.00', '100.00', 'upcoming'],
      ]);
      expect(r).toMatchObject({ coveredAmount: '250.00', receivableAmount: '250.00', overdueAmount: '50.00' });
    }
  });

  it('partly covered and not yet due is partially_paid; partly covered and past due is overdue', () => {
    const r = contractReceivables(schedule(), eur('250.00'), '2026-12-15');
    expect(r.installments.map((i) => i.status)).toEqual(['paid', 'partially_paid', 'upcoming', 'upcoming']);
    expect(r.overdueAmount).toBe('0.00');
    const late = contractReceivables(schedule(), eur('250.00'), '2026-12-16');
    expect(late.installments.map((i) => i.status)).toEqual(['paid', 'overdue', 'upcoming', 'upcoming']);
    expect(late.overdueAmount).toBe('150.00');
  });

  it('paid in full (or more) is all paid; a negative paid amount covers nothing', () => {
    expect(contractReceivables(schedule(), eur('1200.00'), '2030-01-01')).toMatchObject({
      coveredAmount: '1000.00',
      receivableAmount: '0.00',
      overdueAmount: '0.00',
    });
    expect(contractReceivables(schedule(), eur('-5.00'), '2026-11-01').coveredAmount).toBe('0.00');
  });
});
