#!/usr/bin/env node
// The Finance tabs through the gateway against the bench world, and in the same run the Dental Labs tab computed the
// naive way: one GROUP BY over the source tables (bench_source).
//
//   node bench/finance-queries.mjs [--requests 200] [--warmup 20] [--baseline-runs 5]
//
// Every case is timed at three depths, sequentially (one client), each `requests` times after `warmup` untimed ones:
//   gateway   GET through HTTP, token, validation, NATS request/reply to reporting, answer read to the last byte;
//   rpc       the same request straight to reporting over NATS (what the gateway adds is the difference);
//   database  the SQL reporting runs for it, straight on bench_reporting (mirrors apps/reporting/src/finance/queries
//             at the time of writing; EXPLAIN ANALYZE of it is saved with the results).
import {
  benchOrganization,
  BUS_PREFIX,
  client,
  dbName,
  log,
  login,
  machine,
  median,
  nats,
  NATS_URL,
  option,
  query,
  requireDist,
  round,
  saveResult,
  snapshotDist,
  SOURCE_DB,
  startStack,
  summary,
} from './lib/common.mjs';
import { sourceLabsSql } from './lib/finance-sql.mjs';

const REQUESTS = Number(option('requests', 200));
const WARMUP = Number(option('warmup', 20));
const BASELINE_RUNS = Number(option('baseline-runs', 5));
const MONTH = { from: '2025-06-01', to: '2025-06-30' };
const YEAR = { from: '2025-01-01', to: '2025-12-31' };
const TARGETS = { labsP95Ms: 20, speedUp: 100, workOrdersP95Ms: 50 };

/** What reporting runs for the Dental Labs tab: whole months from the organization-wide buckets (finance-sums.ts). */
const labsSql = (where) =>
  `select s.*, l.name as lab_name from (
     select lab_id, currency, sum(count)::text as count, sum(total)::text as total, sum(paid)::text as paid
     from (select lab_id, currency, sum(work_order_count) as count, sum(total_amount) as total, sum(paid_amount) as paid
           from finance_org_month_bucket where ${where} group by lab_id, currency) as parts
     group by lab_id, currency having sum(count) <> 0) as s
   left join finance_lab l on l.id = s.lab_id`;

/** The Work Orders tab with a payment status: the totals from the status buckets, the page from the rows filtered first. */
function workOrdersSql(org, labId) {
  const rows = `(organization_id = $1 and lab_id = $2 and not cancelled and payment_status_rank = 1)
    and (documented_date >= $3 and documented_date <= $4)`;
  const params = [org, labId, YEAR.from, YEAR.to];
  return [
    ['begin isolation level repeatable read read only', []],
    ['select id, organization_id from finance_lab where id = $1 limit 1', [labId]],
    [
      // the totals: the year's whole months from the status buckets (finance-sums.ts)
      `select currency, sum(count)::text as count, sum(total)::text as total, sum(paid)::text as paid
       from (select currency, sum(work_order_count) as count, sum(total_amount) as total, sum(paid_amount) as paid
             from finance_status_month_bucket
             where (organization_id = $1 and lab_id = $2 and not cancelled and payment_status_rank = 1)
               and ((month >= $3 and month < $4))
             group by currency) as parts
       group by currency having sum(count) <> 0`,
      [org, labId, YEAR.from, '2026-01-01'],
    ],
    [
      // a set of at most 20,000 work orders: filtered first (the subquery), then sorted (finance-work-orders.handler.ts)
      `select id, number, lab_id, lab_name, payment_method, paid_amount::text, total_amount::text,
         outstanding_amount::text, payment_status, payment_status_rank, documented_date::text, currency
       from (select * from finance_work_order as w where ${rows} offset 0) as w
       order by w.outstanding_amount desc, w.id desc limit 51 offset 0`,
      params,
    ],
    ['commit', []],
  ];
}

function cases(org, lab) {
  const { FinanceSubjects } = requireDist('libs/contracts/src/index.js');
  const filtered = {
    labId: lab.id,
    ...YEAR,
    paymentStatus: 'partially_paid',
    sort: '-outstandingAmount',
    page: 1,
    pageSize: 50,
  };
  const qs = (o) => new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();
  return [
    {
      name: 'labsAllTime',
      title: 'Dental Labs, all time',
      path: '/finance/labs',
      rpc: [FinanceSubjects.labs, {}],
      sql: [[labsSql('(organization_id = $1 and not cancelled) and (true)'), [org]]],
      targetP95Ms: TARGETS.labsP95Ms,
    },
    {
      name: 'labsOneMonth',
      title: 'Dental Labs, one month (2025-06)',
      path: `/finance/labs?${qs(MONTH)}`,
      rpc: [FinanceSubjects.labs, MONTH],
      sql: [
        [
          labsSql('(organization_id = $1 and not cancelled) and ((month >= $2 and month < $3))'),
          [org, MONTH.from, '2025-07-01'],
        ],
      ],
      targetP95Ms: TARGETS.labsP95Ms,
    },
    {
      name: 'workOrdersFiltered',
      title: `Work Orders page: ${lab.name}, 2025, partially paid, by -outstandingAmount`,
      path: `/finance/work-orders?${qs(filtered)}`,
      rpc: [FinanceSubjects.workOrders, filtered],
      sql: workOrdersSql(org, lab.id),
      targetP95Ms: TARGETS.workOrdersP95Ms,
    },
    {
      name: 'workOrdersUnfiltered',
      title: 'Work Orders page 1, no filter, newest first (reference)',
      path: '/finance/work-orders?page=1&pageSize=50',
      rpc: [FinanceSubjects.workOrders, { page: 1, pageSize: 50 }],
    },
    {
      name: 'workOrdersPage2000ByNumber',
      title: 'Work Orders page 2000 by number, offset 99,950 (reference)',
      path: '/finance/work-orders?page=2000&pageSize=50&sort=number',
      rpc: [FinanceSubjects.workOrders, { page: 2000, pageSize: 50, sort: 'number' }],
    },
  ];
}

async function repeat(fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times = [];
  let last;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { ...summary(times), last };
}

async function main() {
  const org = await benchOrganization();
  const facts = await machine();
  log(`load average at start: ${facts.loadAverage.join(' ')}`);
  const [lab] = await query(
    dbName('reporting'),
    'select id, name from finance_lab where organization_id = $1 order by name limit 1',
    [org.id],
  );
  snapshotDist();
  const stack = await startStack(['reporting', 'gateway'], { runName: 'queries' });
  const nc = await nats.connect({ servers: NATS_URL });
  const db = await client(dbName('reporting'));
  const results = {};
  let labsAnswer;
  try {
    const gateway = stack.url('gateway');
    const token = await login(gateway);
    const caller = nats.headers();
    caller.set('x-organization-id', org.id);
    caller.set('x-clinic-ids', '*');
    caller.set('x-user-id', 'bench');
    caller.set('x-roles', 'admin');
    caller.set('x-correlation-id', 'bench-queries');
    log(`stack up (gateway ${gateway}); per case and depth ${WARMUP} warm-up + ${REQUESTS} timed, sequential`);
    for (const c of cases(org.id, lab)) {
      const viaGateway = await repeat(async () => {
        const res = await fetch(`${gateway}/api/v1${c.path}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await res.json();
        if (res.status !== 200) throw new Error(`GET ${c.path} answered ${res.status}: ${JSON.stringify(body)}`);
        return body;
      });
      if (c.name === 'labsAllTime') labsAnswer = viaGateway.last;
      if ((c.name === 'workOrdersFiltered' || c.name === 'labsAllTime') && viaGateway.last.items.length === 0) {
        throw new Error(`${c.title}: empty answer; is the bench world generated?`);
      }
      const viaRpc = await repeat(async () => {
        const m = await nc.request(`${BUS_PREFIX}.rpc.${c.rpc[0]}`, Buffer.from(JSON.stringify(c.rpc[1])), {
          timeout: 30_000,
          headers: caller,
        });
        const reply = JSON.parse(Buffer.from(m.data).toString('utf8'));
        if (!reply.ok) throw new Error(`${c.rpc[0]}: ${JSON.stringify(reply.error)}`);
        return reply.data;
      });
      const viaSql = c.sql
        ? await repeat(async () => {
            for (const [sql, params] of c.sql) await db.query(sql, params);
          })
        : undefined;
      const plans = [];
      for (const [sql, params] of c.sql ?? []) {
        if (!/^\s*select/i.test(sql) || /finance_lab where id/.test(sql)) continue;
        plans.push(
          (await db.query(`explain (analyze, buffers) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n'),
        );
      }
      const strip = ({ last: _last, ...rest }) => rest;
      results[c.name] = {
        title: c.title,
        path: c.path,
        gateway: strip(viaGateway),
        rpc: strip(viaRpc),
        ...(viaSql && { database: strip(viaSql), plans }),
        ...(c.name === 'workOrdersFiltered' && { matching: viaGateway.last.total }),
        ...(c.targetP95Ms && { targetP95Ms: c.targetP95Ms }),
      };
      log(
        `${c.title}: gateway p50 ${viaGateway.p50} / p95 ${viaGateway.p95} / max ${viaGateway.max} ms; ` +
          `rpc p50 ${viaRpc.p50} / p95 ${viaRpc.p95} ms` +
          (viaSql ? `; database p50 ${viaSql.p50} / p95 ${viaSql.p95} ms` : ''),
      );
    }
  } finally {
    await db.end();
    await nc.close();
    await stack.stop();
  }

  // ---- the baseline: the Dental Labs tab from the source tables, in the same run --------------------------------------
  const baselines = {};
  const source = await client(SOURCE_DB);
  try {
    const variants = [
      ['allTime', 'all time, server settings (work_mem 4MB)', [], sourceLabsSql(org.id)],
      [
        'allTimeWorkMem256MB',
        "all time, set work_mem = '256MB' (payments hashed in memory)",
        ["set work_mem = '256MB'"],
        sourceLabsSql(org.id),
      ],
      ['oneMonth', 'one month (2025-06), server settings', [], sourceLabsSql(org.id, MONTH)],
    ];
    for (const [name, title, settings, sql] of variants) {
      await source.query('reset all');
      for (const s of settings) await source.query(s);
      const times = [];
      let rows;
      for (let i = 0; i <= BASELINE_RUNS; i++) {
        const t0 = performance.now();
        rows = (await source.query(sql)).rows;
        if (i > 0) times.push(round(performance.now() - t0)); // the first run warms the cache
      }
      const plan = (await source.query(`explain (analyze, buffers) ${sql}`)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      baselines[name] = { title, settings, times, median: round(median(times)), plan, rows };
      log(`baseline ${title}: median ${round(median(times))} ms (${times.join(', ')})`);
    }
  } finally {
    await source.end();
  }

  // the gateway's answer is the GROUP BY's figure: a fast wrong answer would be no answer
  const cents = (decimal) => BigInt(decimal.replace('.', ''));
  const sum = (key) => baselines.allTime.rows.reduce((s, r) => s + BigInt(r[key]), 0n);
  const agrees =
    cents(labsAnswer.totals.totalAmount) === sum('total') &&
    cents(labsAnswer.totals.paidAmount) === sum('paid') &&
    labsAnswer.items.length === baselines.allTime.rows.length;
  log(
    `the Dental Labs answer ${agrees ? 'equals' : 'DIFFERS FROM'} the GROUP BY (total ${labsAnswer.totals.totalAmount}, paid ${labsAnswer.totals.paidAmount})`,
  );
  for (const b of Object.values(baselines)) delete b.rows;

  const labsP95 = results.labsAllTime.gateway.p95;
  const speedUp = {
    serverSettingsOverP95: round(baselines.allTime.median / labsP95, 0),
    workMem256MBOverP95: round(baselines.allTimeWorkMem256MB.median / labsP95, 0),
    workMem256MBOverP50: round(baselines.allTimeWorkMem256MB.median / results.labsAllTime.gateway.p50, 0),
  };
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  const targets = {
    'Dental Labs all time p95': `${labsP95} ms < ${TARGETS.labsP95Ms} ms: ${verdict(labsP95 < TARGETS.labsP95Ms)}`,
    'Dental Labs one month p95': `${results.labsOneMonth.gateway.p95} ms < ${TARGETS.labsP95Ms} ms: ${verdict(results.labsOneMonth.gateway.p95 < TARGETS.labsP95Ms)}`,
    'speed-up over the GROUP BY': `${speedUp.workMem256MBOverP95}x (fastest GROUP BY median / p95; ${speedUp.serverSettingsOverP95}x with server settings) >= ${TARGETS.speedUp}x: ${verdict(speedUp.workMem256MBOverP95 >= TARGETS.speedUp)}`,
    'Work Orders page p95': `${results.workOrdersFiltered.gateway.p95} ms < ${TARGETS.workOrdersP95Ms} ms: ${verdict(results.workOrdersFiltered.gateway.p95 < TARGETS.workOrdersP95Ms)}`,
  };
  console.table(targets);
  saveResult('finance-queries', {
    machine: facts,
    loadAverageAtEnd: (await machine()).loadAverage,
    requests: REQUESTS,
    warmup: WARMUP,
    cases: results,
    baselines,
    answerEqualsGroupBy: agrees,
    speedUp,
    targets,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
