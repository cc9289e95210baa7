import {
  BucketedWorkOrder,
  bucketDeltas,
  bucketUpsert,
  bucketWrites,
  organizationDeltas,
  statusDeltas,
} from './month-buckets';

const wo: BucketedWorkOrder = {
  organizationId: 'org',
  clinicId: 'clinic',
  labId: 'lab',
  paymentMethod: 'card',
  cancelled: false,
  currency: 'EUR',
  documentedDate: '2026-03-17',
  total: 100000n,
  paid: 40000n,
};

describe('bucketDeltas', () => {
  it('a new work order adds one to its month', () => {
    expect(bucketDeltas(null, wo)).toEqual([
      expect.objectContaining({ month: '2026-03-01', count: 1n, total: 100000n, paid: 40000n }),
    ]);
  });

  it('a payment changes only paid, in the same bucket', () => {
    expect(bucketDeltas(wo, { ...wo, paid: 65000n })).toEqual([
      expect.objectContaining({ month: '2026-03-01', count: 0n, total: 0n, paid: 25000n }),
    ]);
  });

  it('a change of month, method or cancellation moves the whole contribution', () => {
    const moved = bucketDeltas(wo, { ...wo, documentedDate: '2026-04-01', cancelled: true });
    expect(moved).toEqual([
      expect.objectContaining({ month: '2026-03-01', cancelled: false, count: -1n, total: -100000n, paid: -40000n }),
      expect.objectContaining({ month: '2026-04-01', cancelled: true, count: 1n, total: 100000n, paid: 40000n }),
    ]);
  });

  it('nothing that the buckets hold changed: nothing to write', () => {
    expect(bucketDeltas(wo, { ...wo, documentedDate: '2026-03-30' })).toEqual([]);
    expect(bucketUpsert('perClinic', [])).toBeNull();
    expect(bucketWrites([wo, { ...wo, documentedDate: '2026-03-30' }])).toEqual([null, null, null]);
  });

  it('one statement for several buckets', () => {
    const upsert = bucketUpsert('perClinic', bucketDeltas(wo, { ...wo, labId: 'other lab' }))!;
    expect(upsert.params).toHaveLength(1);
    expect(JSON.parse(upsert.params[0] as string)).toEqual([
      expect.objectContaining({
        lab_id: 'lab',
        work_order_count: '-1',
        total_amount: '-100000',
        paid_amount: '-40000',
      }),
      expect.objectContaining({ lab_id: 'other lab', work_order_count: '1', total_amount: '100000' }),
    ]);
    expect(upsert.sql).toMatch(/json_to_recordset\(\?::json\).*on conflict/s);
  });

  it('a move between clinics changes the per-clinic buckets only', () => {
    const moved = bucketDeltas(wo, { ...wo, clinicId: 'other clinic' });
    expect(moved).toHaveLength(2);
    expect(organizationDeltas(moved)).toEqual([]);
    const [perClinic, organization] = bucketWrites([wo, { ...wo, clinicId: 'other clinic', paid: 50000n }]);
    expect(perClinic!.sql).toMatch(/^insert into finance_month_bucket /);
    expect(organization!.sql).toMatch(/^insert into finance_org_month_bucket /);
    expect(JSON.parse(organization!.params[0] as string)).toEqual([
      {
        organization_id: 'org',
        month: '2026-03-01',
        lab_id: 'lab',
        payment_method: 'card',
        cancelled: false,
        currency: 'EUR',
        work_order_count: '0',
        total_amount: '0',
        paid_amount: '10000',
      },
    ]);
  });

  it('the moves of several work orders are summed per bucket', () => {
    const [perClinic] = bucketWrites([wo, { ...wo, paid: 50000n }], [null, { ...wo, total: 500n, paid: 0n }]);
    expect(JSON.parse(perClinic!.params[0] as string)).toEqual([
      expect.objectContaining({ work_order_count: '1', total_amount: '500', paid_amount: '10000' }),
    ]);
  });

  it('a payment that changes the status moves the whole contribution between status buckets', () => {
    expect(statusDeltas(wo, { ...wo, paid: 100000n })).toEqual([
      expect.objectContaining({ clinicId: null, statusRank: 1, count: -1n, total: -100000n, paid: -40000n }),
      expect.objectContaining({ clinicId: null, statusRank: 2, count: 1n, total: 100000n, paid: 100000n }),
    ]);
    expect(statusDeltas(wo, { ...wo, paid: 50000n })).toEqual([
      expect.objectContaining({ statusRank: 1, count: 0n, total: 0n, paid: 10000n }),
    ]);
    const status = bucketWrites([wo, { ...wo, paid: 100000n }])[2]!;
    expect(status.sql).toMatch(/^insert into finance_status_month_bucket .*payment_status_rank/s);
    expect(JSON.parse(status.params[0] as string)).toHaveLength(2);
  });
});
