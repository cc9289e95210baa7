import { BucketedWorkOrder, bucketDeltas, bucketUpsert, bucketWrites, organizationDeltas } from './month-buckets';

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
    expect(bucketWrites(wo, { ...wo, documentedDate: '2026-03-30' })).toEqual([null, null]);
  });

  it('one statement for several buckets', () => {
    const upsert = bucketUpsert('perClinic', bucketDeltas(wo, { ...wo, labId: 'other lab' }))!;
    expect(upsert.params).toHaveLength(20);
    expect(upsert.sql).toMatch(/values \(.*\), \(.*\)\s+on conflict/s);
  });

  it('a move between clinics changes the per-clinic buckets only', () => {
    const moved = bucketDeltas(wo, { ...wo, clinicId: 'other clinic' });
    expect(moved).toHaveLength(2);
    expect(organizationDeltas(moved)).toEqual([]);
    const [perClinic, organization] = bucketWrites(wo, { ...wo, clinicId: 'other clinic', paid: 50000n });
    expect(perClinic!.sql).toMatch(/^insert into finance_month_bucket /);
    expect(organization!.sql).toMatch(/^insert into finance_org_month_bucket /);
    expect(organization!.params).toEqual(['org', '2026-03-01', 'lab', 'card', false, 'EUR', 0n, 0n, 10000n]);
  });
});
