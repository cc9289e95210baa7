// The payment-status rule is written once (libs/contracts/src/work-orders/payment-status.ts) and derived twice: the
// TypeScript paymentStatus() and the SQL CASEs the Finance projection runs. Here PostgreSQL evaluates the SQL forms
// for random (paid, total) pairs of bigint minor units (negative, zero, equal, near, huge) and must answer what the
// TypeScript gives: the status, and its index in PAYMENT_STATUSES as the rank. fast-check, fixed seed, in batches.
import { PAYMENT_STATUSES, paymentStatus, paymentStatusRankSql, paymentStatusSql } from '@dental/contracts';
import { Money } from '@dental/money';
import { dropDatabase, ensureDatabase } from '@dental/persistence';
import { TestWorld } from '@dental/testing';
import fc from 'fast-check';
import { Client } from 'pg';

jest.setTimeout(120_000);

const SEED = 20261207;
const BATCHES = 200;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

const huge = fc.bigInt({ min: INT8_MIN, max: INT8_MAX });
const small = fc.bigInt({ min: -5n, max: 5n });
const amount = fc.oneof(huge, small, fc.constantFrom(0n, 1n, -1n, INT8_MIN, INT8_MAX));
/** total and paid: independent, equal, one apart, or one of them zero */
const pair = fc.oneof(
  fc.tuple(amount, amount),
  amount.map((a) => [a, a] as [bigint, bigint]),
  fc.tuple(amount, fc.constantFrom(-1n, 1n)).map(([a, d]) => {
    const b = a + d;
    return [a, b < INT8_MIN || b > INT8_MAX ? a : b] as [bigint, bigint];
  }),
  fc.tuple(fc.constant(0n), amount),
  fc.tuple(amount, fc.constant(0n)),
);

const world = new TestWorld();
const url = world.databaseUrl('payment_status');
let db: Client;

beforeAll(async () => {
  await ensureDatabase(url);
  db = new Client({ connectionString: url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await dropDatabase(url);
});

/** PostgreSQL's status and rank of each (paid, total), bound as bigint parameters. */
async function inPostgres(pairs: Array<[paid: bigint, total: bigint]>) {
  const rows = pairs.map((_, i) => `($${2 * i + 1}::bigint, $${2 * i + 2}::bigint, ${i})`).join(', ');
  const result = await db.query<{ status: string; rank: number }>(
    `select ${paymentStatusSql('v.paid', 'v.total')} as status, ${paymentStatusRankSql('v.paid', 'v.total')} as rank
     from (values ${rows}) as v(paid, total, i) order by v.i`,
    pairs.flatMap(([paid, total]) => [paid.toString(), total.toString()]),
  );
  return result.rows;
}

it('the SQL forms answer what paymentStatus() answers, for any pair of bigint amounts', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(pair, { minLength: 1, maxLength: 200 }), async (pairs) => {
      const sql = await inPostgres(pairs);
      const expected = pairs.map(([paid, total]) => {
        const status = paymentStatus(Money.of(paid, 'EUR'), Money.of(total, 'EUR'));
        return { status, rank: PAYMENT_STATUSES.indexOf(status) };
      });
      expect(sql).toEqual(expected);
    }),
    { seed: SEED, numRuns: BATCHES },
  );
});

it('every status is reached', async () => {
  const sql = await inPostgres([
    [0n, 100n],
    [-1n, 0n],
    [50n, 100n],
    [100n, 100n],
    [0n, 0n],
    [101n, 100n],
    [1n, -5n],
  ]);
  expect(sql.map((r) => r.status)).toEqual([
    'unpaid',
    'unpaid',
    'partially_paid',
    'paid',
    'paid',
    'overpaid',
    'overpaid',
  ]);
});
