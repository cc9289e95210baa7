import { PAYABLES_AGING_LABELS } from '@dental/contracts';
import { ageWorkOrder, agingBucket, AgingWorkOrder, daysPastDue, emptyBuckets, payablesAging } from './aging-rule';

const m = (decimal: string) => BigInt(decimal.replace('.', ''));

function workOrder(change: Partial<AgingWorkOrder> = {}): AgingWorkOrder {
  return {
    id: 'wo-1',
    labId: 'lab-1',
    documentedDate: '2026-04-01',
    cancelled: false,
    installments: [
      { dueDate: '2026-04-10', amount: m('300.00') },
      { dueDate: '2026-05-10', amount: m('300.00') },
      { dueDate: '2026-06-10', amount: m('300.00') },
    ],
    payments: [{ date: '2026-04-05', amount: m('350.00') }],
    ...change,
  };
}

const buckets = (b: Partial<Record<keyof ReturnType<typeof emptyBuckets>, string>>) => ({
  ...emptyBuckets(),
  ...Object.fromEntries(Object.entries(b).map(([k, v]) => [k, m(v)])),
});

describe('payables aging rule (DOMAIN.md D)', () => {
  it('the worked example as of 2026-06-30: 31-60 250.00 (51 days), 1-30 300.00 (20 days), total 550.00', () => {
    expect(daysPastDue('2026-05-10', '2026-06-30')).toBe(51);
    expect(daysPastDue('2026-06-10', '2026-06-30')).toBe(20);
    const result = payablesAging([workOrder()], '2026-06-30');
    expect(result.totals).toEqual({ buckets: buckets({ '31-60': '250.00', '1-30': '300.00' }), total: m('550.00') });
    expect(result.labs.get('lab-1')).toEqual(result.totals);
    expect(result.workOrders).toEqual([{ id: 'wo-1', labId: 'lab-1', ...result.totals }]);
  });

  it('bucket edges: due on D is 0 days past due (not due), then 1, 30 | 31, 60 | 61, 90 | 91', () => {
    const asOf = '2026-06-30';
    const cases: Array<[string, string]> = [
      ['2026-07-01', 'not_due'],
      ['2026-06-30', 'not_due'],
      ['2026-06-29', '1-30'],
      ['2026-05-31', '1-30'],
      ['2026-05-30', '31-60'],
      ['2026-05-01', '31-60'],
      ['2026-04-30', '61-90'],
      ['2026-04-01', '61-90'],
      ['2026-03-31', '91+'],
      ['2020-01-01', '91+'],
    ];
    for (const [due, bucket] of cases) expect([due, agingBucket(due, asOf)]).toEqual([due, bucket]);
    // across a daylight-saving change and a leap day the count stays in calendar days
    expect(daysPastDue('2024-02-28', '2024-03-31')).toBe(32);
  });

  it('cancelled work orders and work orders documented after D are left out', () => {
    expect(ageWorkOrder(workOrder({ cancelled: true }), '2026-06-30')).toBeNull();
    expect(ageWorkOrder(workOrder({ documentedDate: '2026-07-01' }), '2026-06-30')).toBeNull();
    expect(ageWorkOrder(workOrder({ documentedDate: '2026-06-30' }), '2026-06-30')).not.toBeNull();
    expect(payablesAging([workOrder({ cancelled: true })], '2026-06-30').totals.total).toBe(0n);
  });

  it('payments dated after D are ignored; a payment dated on D counts', () => {
    const later = workOrder({
      payments: [
        { date: '2026-04-05', amount: m('350.00') },
        { date: '2026-07-01', amount: m('550.00') },
      ],
    });
    expect(payablesAging([later], '2026-06-30').totals.total).toBe(m('550.00'));
    expect(payablesAging([later], '2026-07-01').totals.total).toBe(0n);
    const onD = workOrder({ payments: [{ date: '2026-06-30', amount: m('100.00') }] });
    expect(ageWorkOrder(onD, '2026-06-30')).toEqual(
      buckets({ '61-90': '200.00', '31-60': '300.00', '1-30': '300.00' }),
    );
  });

  it('a refund reduces what is paid: the oldest installments are uncovered again', () => {
    const refunded = workOrder({
      payments: [
        { date: '2026-04-05', amount: m('350.00') },
        { date: '2026-05-01', amount: m('-100.00') },
      ],
    });
    expect(ageWorkOrder(refunded, '2026-06-30')).toEqual(
      buckets({ '61-90': '50.00', '31-60': '300.00', '1-30': '300.00' }),
    );
    // a refund above what was paid covers nothing: the whole plan is owed, never more
    const overRefunded = workOrder({ payments: [{ date: '2026-05-01', amount: m('-100.00') }] });
    expect(payablesAging([overRefunded], '2026-06-30').totals.total).toBe(m('900.00'));
  });

  it('an overpaid or exactly paid work order contributes nothing, and is not listed', () => {
    for (const paid of ['900.00', '1000.00']) {
      const result = payablesAging([workOrder({ payments: [{ date: '2026-04-05', amount: m(paid) }] })], '2026-06-30');
      expect(result.workOrders).toEqual([]);
      expect(result.labs.size).toBe(0);
      expect(result.totals.total).toBe(0n);
    }
  });

  it('a plan with one due date is one installment of the total', () => {
    const single = workOrder({
      installments: [{ dueDate: '2026-03-15', amount: m('900.00') }],
      payments: [{ date: '2026-04-05', amount: m('350.00') }],
    });
    expect(ageWorkOrder(single, '2026-06-30')).toEqual(buckets({ '91+': '550.00' }));
  });

  it('installments are covered oldest due first whatever their order in the plan; equal dates in plan order', () => {
    const shuffled = workOrder({
      installments: [
        { dueDate: '2026-06-10', amount: m('300.00') },
        { dueDate: '2026-04-10', amount: m('300.00') },
        { dueDate: '2026-05-10', amount: m('300.00') },
      ],
    });
    expect(ageWorkOrder(shuffled, '2026-06-30')).toEqual(ageWorkOrder(workOrder(), '2026-06-30'));
    const sameDay = workOrder({
      installments: [
        { dueDate: '2026-06-10', amount: m('100.00') },
        { dueDate: '2026-06-10', amount: m('200.00') },
      ],
      payments: [{ date: '2026-06-01', amount: m('150.00') }],
    });
    expect(ageWorkOrder(sameDay, '2026-06-30')).toEqual(buckets({ '1-30': '150.00' }));
  });

  it('not due: installments due after D are owed but not past due', () => {
    const result = payablesAging([workOrder({ payments: [] })], '2026-05-10');
    expect(result.totals.buckets).toEqual(buckets({ '1-30': '300.00', not_due: '600.00' }));
    expect(result.totals.total).toBe(m('900.00'));
  });

  it('sums per lab and in the totals', () => {
    const result = payablesAging(
      [
        workOrder(),
        workOrder({ id: 'wo-2', payments: [] }),
        workOrder({ id: 'wo-3', labId: 'lab-2', payments: [] }),
        workOrder({ id: 'wo-4', labId: 'lab-2', cancelled: true }),
      ],
      '2026-06-30',
    );
    expect(result.workOrders.map((w) => [w.id, w.total])).toEqual([
      ['wo-1', m('550.00')],
      ['wo-2', m('900.00')],
      ['wo-3', m('900.00')],
    ]);
    expect(result.labs.get('lab-1')!.total).toBe(m('1450.00'));
    expect(result.labs.get('lab-2')!.buckets).toEqual(
      buckets({ '61-90': '300.00', '31-60': '300.00', '1-30': '300.00' }),
    );
    expect(result.totals.total).toBe(m('2350.00'));
  });

  it('the file labels exist in every locale with the same keys', () => {
    expect(Object.keys(PAYABLES_AGING_LABELS.tr).sort()).toEqual(Object.keys(PAYABLES_AGING_LABELS.en).sort());
  });
});
