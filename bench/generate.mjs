#!/usr/bin/env node
// The bench world: one organization with 50 labs, 10 clinics, 1,000,000 work orders and 3,000,000 payments over
// three years (2023-2025), in databases bench_<service> on the local server and the bus prefix `bench`.
//
//   node bench/generate.mjs [--reset] [--work-orders 1000000] [--payments 3000000] [--labs 50] [--clinics 10]
//
// 1. Starts gateway, payments, work-orders and reporting once (their migrations; the gateway's first start makes the
//    organization, the admin and the Main Clinic), adds the other clinics through the API, and stops them.
// 2. Generates the rows set-based with generate_series, the same deterministic SQL in every database: work orders
//    and installments (work-orders), payments (payments), the Finance read models as the projection computes them
//    (reporting), and a copy of the source tables in one database for the GROUP BY baseline (bench_source).
// 3. Cross-checks the read model against the source and prints it.
// The generated rows never went through the bus: the streams hold no events for them (a reporting rebuild from the
// streams would not see them), and no audit rows are written for them.
import {
  ADMIN,
  api,
  client,
  databaseExists,
  databaseUrl,
  dbName,
  deleteBenchStreams,
  dropBenchDatabases,
  flag,
  log,
  login,
  machine,
  option,
  query,
  round,
  saveResult,
  snapshotDist,
  SOURCE_DB,
  startStack,
  until,
} from './lib/common.mjs';
import { execFileSync } from 'node:child_process';
import { paymentStatusSql, rebuildBucketsSql, sourceLabsSql, uuidLiteral } from './lib/finance-sql.mjs';

const N = Number(option('work-orders', 1_000_000));
const M = Number(option('payments', 3_000_000));
const LABS = Number(option('labs', 50));
const CLINICS = Number(option('clinics', 10));
const FIRST_DAY = '2023-01-01';
const DAYS = 1095; // three years: 2023-01-01 .. 2025-12-31
const CURRENCY = 'EUR';

const timings = {};

async function timed(label, fn) {
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  timings[label] = round(ms / 1000, 1);
  log(`${label}: ${round(ms / 1000, 1)} s`);
  return result;
}

/** Runs statements on one connection, each timed under `label: <name>`. */
async function run(c, label, statements) {
  for (const [name, sql] of statements) {
    const t0 = performance.now();
    await c.query(sql);
    log(`  ${label}: ${name} (${round((performance.now() - t0) / 1000, 1)} s)`);
  }
}

/** Drops the secondary indexes of big tables while they are filled, then builds them again from their definitions. */
async function withoutSecondaryIndexes(c, label, tables, fill) {
  const { rows } = await c.query(
    `select indexname, indexdef from pg_indexes i
     where schemaname = 'public' and tablename = any($1)
       and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
    [tables],
  );
  for (const r of rows) await c.query(`drop index ${r.indexname}`);
  await fill();
  for (const r of rows) await run(c, label, [[`index ${r.indexname}`, r.indexdef]]);
}

// ---- the deterministic generator: the same SQL gives the same rows in every database ----------------------------

const h = (expr) => `(hashint8(${expr})::int8 & 2147483647)`;
const workOrderNumber = `'WO-' || case when w.i < 100000 then lpad(w.i::text, 6, '0') else w.i::text end`;

function sessionSettings() {
  return [
    ['settings', "set work_mem = '256MB'"],
    ['settings', "set maintenance_work_mem = '1GB'"],
    ['settings', 'set synchronous_commit = off'],
    // the generated rows are consistent by construction: no per-row foreign-key triggers
    ['settings', 'set session_replication_role = replica'],
    // deterministic ids that are valid version-4 UUIDs (the API validates ids as UUIDs): md5 with the version and
    // variant bits set
    [
      'settings',
      // a single expression, so that PostgreSQL inlines it
      `create function pg_temp.bench_uuid(seed text) returns uuid language sql immutable as $$
         select (substr(md5(seed), 1, 12) || '4' || substr(md5(seed), 14, 3)
                 || substr('89ab', (('x' || substr(md5(seed), 17, 1))::bit(4)::int & 3) + 1, 1)
                 || substr(md5(seed), 18, 15))::uuid $$`,
    ],
  ];
}

function workOrderTempTables(clinics) {
  const clinicArray = `array[${clinics.map(uuidLiteral).join(', ')}]`;
  return [
    [
      'labs',
      `create temp table g_lab as
       select k, pg_temp.bench_uuid('bench-lab-' || k) as id, 'Bench Lab ' || lpad(k::text, 2, '0') as name
       from generate_series(1, ${LABS}) k`,
    ],
    [
      'work orders',
      // numbers follow the documented date, as they would when entered day by day; 3% cancelled;
      // plan: 0-49 paid exactly, 50-84 partly (60%), 85-94 overpaid (+10.00), 95-99 paid with a refund of 5.00
      `create temp table g_wo as
       select i, pg_temp.bench_uuid('bench-wo-' || i) as id,
         (${clinicArray})[1 + ${h('i * 8 + 1')} % ${clinics.length}] as clinic_id,
         1 + ${h('i * 8 + 2')} % ${LABS} as k,
         date '${FIRST_DAY}' + ((i - 1) * ${DAYS} / ${N})::int as documented_date,
         5000 + ${h('i * 8 + 3')} % 195001 as total_minor,
         (array['cash', 'card', 'bank_transfer', 'check', 'other'])[1 + ${h('i * 8 + 4')} % 5] as payment_method,
         case when ${h('i * 8 + 5')} % 100 < 3 then 'cancelled'
           else (array['draft', 'sent', 'in_progress', 'delivered', 'completed'])[1 + ${h('i * 8 + 6')} % 5] end as status,
         ${h('i * 8 + 7')} % 100 as plan
       from generate_series(1::int8, ${N}::int8) i`,
    ],
    ['analyze', 'analyze g_lab, g_wo'],
  ];
}

function paymentTempTables() {
  return [
    [
      'payments',
      // each payment goes to a pseudo-random work order (about 5% get none); the payments of a work order share
      // its plan's amount, the last takes the remainder; a refund is the last, negative, payment
      `create temp table g_pay as
       with p as (
         select j, 1 + ${h('j * 4 + 1')} % ${N} as i from generate_series(1::int8, ${M}::int8) j),
       ranked as (
         select j, i, row_number() over (partition by i order by j) as rank, count(*) over (partition by i) as n from p),
       planned as (
         select r.j, r.i, r.rank, r.n, w.id as work_order_id, w.clinic_id, w.k, w.documented_date, w.payment_method,
           w.plan >= 95 and r.n >= 2 as refund,
           case when w.plan < 50 then w.total_minor when w.plan < 85 then w.total_minor * 6 / 10
                when w.plan < 95 then w.total_minor + 1000 when r.n >= 2 then w.total_minor + 500
                else w.total_minor end as base
         from ranked r join g_wo w using (i)),
       shared as (select *, case when refund then n - 1 else n end as m from planned)
       select j, pg_temp.bench_uuid('bench-pay-' || j) as id, i, work_order_id, clinic_id, k,
         documented_date + (rank * 7)::int as date, payment_method as method,
         case when refund and rank = n then -500
              when rank = m then base - (base / m) * (m - 1) else base / m end as amount_minor
       from shared`,
    ],
    [
      'paid per work order',
      'create temp table g_paid as select i, sum(amount_minor)::int8 as paid from g_pay group by i',
    ],
    ['analyze', 'analyze g_pay, g_paid'],
  ];
}

function workOrderInserts(org) {
  const o = uuidLiteral(org);
  return {
    small: [
      [
        'labs',
        `insert into lab (id, organization_id, name, active, revision) select id, ${o}, name, true, 1 from g_lab`,
      ],
    ],
    workOrders: [
      [
        'work_order',
        `insert into work_order (id, organization_id, clinic_id, lab_id, patient_id, seq, number, description,
           documented_date, status, currency, total_minor, payment_method, revision, created_at, updated_at)
         select w.id, ${o}, w.clinic_id, l.id, null, w.i, ${workOrderNumber},
           (array['Zirconia crown', 'Bridge', 'Implant abutment', 'Night guard', 'Veneer'])[1 + w.i % 5],
           w.documented_date, w.status, '${CURRENCY}', w.total_minor, w.payment_method, 1,
           w.documented_date::timestamptz, w.documented_date::timestamptz
         from g_wo w join g_lab l using (k) order by w.i`,
      ],
    ],
  };
}

const paymentInsert = (org) => [
  'work_order_payment',
  `insert into work_order_payment (id, organization_id, clinic_id, work_order_id, lab_id, date, amount_minor, currency,
     method, reference, note, revision, deleted_at, created_at, updated_at)
   select p.id, ${uuidLiteral(org)}, p.clinic_id, p.work_order_id, l.id, p.date, p.amount_minor, '${CURRENCY}',
     p.method, null, null, 1, null, p.date::timestamptz, p.date::timestamptz
   from g_pay p join g_lab l using (k) order by p.j`,
];

async function generateWorkOrders(org, clinics) {
  const c = await client(dbName('work-orders'));
  try {
    await run(c, 'work-orders', [...sessionSettings(), ...workOrderTempTables(clinics)]);
    const inserts = workOrderInserts(org);
    await run(c, 'work-orders', inserts.small);
    await withoutSecondaryIndexes(c, 'work-orders', ['work_order', 'work_order_installment'], async () => {
      await run(c, 'work-orders', [
        ...inserts.workOrders,
        [
          'work_order_installment',
          `insert into work_order_installment (id, organization_id, work_order_id, number, due_date, amount_minor,
             created_at, updated_at)
           select pg_temp.bench_uuid('bench-installment-' || i), ${uuidLiteral(org)}, id, 1, documented_date + 30, total_minor,
             documented_date::timestamptz, documented_date::timestamptz
           from g_wo order by i`,
        ],
        [
          'work_order_counter',
          `insert into work_order_counter (organization_id, last_number) values (${uuidLiteral(org)}, ${N})
           on conflict (organization_id) do update set last_number = excluded.last_number`,
        ],
      ]);
    });
    await run(c, 'work-orders', [['vacuum analyze', 'vacuum analyze lab, work_order, work_order_installment']]);
  } finally {
    await c.end();
  }
}

async function generatePayments(org, clinics) {
  const c = await client(dbName('payments'));
  try {
    await run(c, 'payments', [...sessionSettings(), ...workOrderTempTables(clinics), ...paymentTempTables()]);
    await withoutSecondaryIndexes(c, 'payments', ['work_order_payment'], () =>
      run(c, 'payments', [paymentInsert(org)]),
    );
    await run(c, 'payments', [['vacuum analyze', 'vacuum analyze work_order_payment']]);
  } finally {
    await c.end();
  }
}

async function generateReporting(org, clinics) {
  const o = uuidLiteral(org);
  const c = await client(dbName('reporting'));
  try {
    await run(c, 'reporting', [...sessionSettings(), ...workOrderTempTables(clinics), ...paymentTempTables()]);
    await run(c, 'reporting', [
      [
        'finance_lab',
        `insert into finance_lab (id, organization_id, name, revision) select id, ${o}, name, 1 from g_lab`,
      ],
      [
        'finance_clinic',
        `insert into finance_clinic (id, organization_id) select distinct clinic_id, ${o} from g_wo
         on conflict do nothing`,
      ],
    ]);
    await withoutSecondaryIndexes(c, 'reporting', ['finance_work_order', 'finance_work_order_payment'], () =>
      run(c, 'reporting', [
        [
          'finance_work_order',
          // what applyWorkOrder stores once every payment has been applied: paid = sum of the live payments
          `insert into finance_work_order (id, organization_id, clinic_id, lab_id, lab_name, number, payment_method,
             status, cancelled, currency, documented_date, total_amount, paid_amount, payment_status, revision)
           select w.id, ${o}, w.clinic_id, l.id, l.name, ${workOrderNumber}, w.payment_method, w.status,
             w.status = 'cancelled', '${CURRENCY}', w.documented_date, w.total_minor, coalesce(p.paid, 0),
             ${paymentStatusSql('coalesce(p.paid, 0)', 'w.total_minor')}, 1
           from g_wo w join g_lab l using (k) left join g_paid p using (i) order by w.i`,
        ],
        [
          'finance_work_order_payment',
          `insert into finance_work_order_payment (id, organization_id, work_order_id, amount, currency, revision, deleted)
           select id, ${o}, work_order_id, amount_minor, '${CURRENCY}', 1, false from g_pay order by j`,
        ],
      ]),
    );
    await run(
      c,
      'reporting',
      rebuildBucketsSql(org).map((sql, i, all) => [`buckets ${i + 1}/${all.length}`, sql]),
    );
    await run(c, 'reporting', [
      [
        'vacuum analyze',
        'vacuum analyze finance_lab, finance_clinic, finance_work_order, finance_work_order_payment, finance_month_bucket, finance_org_month_bucket',
      ],
    ]);
  } finally {
    await c.end();
  }
}

/** bench_source: the source tables' own DDL (pg_dump of the services' databases) with the same rows, in one database. */
async function generateSource(org, clinics) {
  await query('postgres', `create database ${SOURCE_DB}`);
  const schema = (database, tables) =>
    execFileSync(
      'pg_dump',
      ['--schema-only', '--no-owner', ...tables.flatMap((t) => ['-t', t]), databaseUrl(database)],
      {
        encoding: 'utf8',
      },
    );
  const ddl =
    schema(dbName('work-orders'), ['clinic', 'lab', 'work_order']) + schema(dbName('payments'), ['work_order_payment']);
  execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', databaseUrl(SOURCE_DB)], {
    input: ddl,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const c = await client(SOURCE_DB);
  try {
    await run(c, 'source', [...sessionSettings(), ...workOrderTempTables(clinics), ...paymentTempTables()]);
    const inserts = workOrderInserts(org);
    await run(c, 'source', [
      [
        'clinic',
        `insert into clinic (id, organization_id, currency) select distinct clinic_id, ${uuidLiteral(org)}, '${CURRENCY}' from g_wo`,
      ],
      ...inserts.small,
    ]);
    await withoutSecondaryIndexes(c, 'source', ['work_order', 'work_order_payment'], () =>
      run(c, 'source', [...inserts.workOrders, paymentInsert(org)]),
    );
    await run(c, 'source', [['vacuum analyze', 'vacuum analyze clinic, lab, work_order, work_order_payment']]);
  } finally {
    await c.end();
  }
}

// ---- set-up through the services ---------------------------------------------------------------------------------

async function setUpOrganization() {
  snapshotDist();
  const stack = await timed('start gateway, payments, work-orders, reporting (migrations, first start)', () =>
    startStack(['payments', 'work-orders', 'reporting', 'gateway'], { runName: 'generate' }),
  );
  try {
    const gateway = stack.url('gateway');
    const token = await login(gateway);
    const list = async () => (await api(gateway, token, 'GET', '/clinics')).items;
    await until(async () => (await list()).length > 0, { what: 'the Main Clinic', timeoutMs: 120_000 });
    for (let n = (await list()).length; n < CLINICS; n++) {
      await api(gateway, token, 'POST', '/clinics', {
        name: `Bench Clinic ${String(n + 1).padStart(2, '0')}`,
        currency: CURRENCY,
        timeZone: 'Europe/Berlin',
        locale: 'en',
      });
    }
    const [org] = await query(dbName('gateway'), 'select id from organization order by created_at limit 1');
    const clinics = (await list()).map((c) => c.id).sort();
    if (clinics.length !== CLINICS) throw new Error(`expected ${CLINICS} clinics, found ${clinics.length}`);
    // work orders reference work-orders' copy of the clinics, made from payments' events
    await until(
      async () =>
        Number(
          (
            await query(dbName('work-orders'), 'select count(*) as n from clinic where organization_id = $1', [org.id])
          )[0].n,
        ) === CLINICS,
      { what: 'work-orders to know every clinic', timeoutMs: 60_000 },
    );
    return { organizationId: org.id, clinics };
  } finally {
    await stack.stop();
  }
}

// ---- the cross-check -------------------------------------------------------------------------------------------------

async function crossCheck(org) {
  const o = uuidLiteral(org);
  const [source] = await query(
    SOURCE_DB,
    `select count(*)::int8 as work_orders, sum(w.total_minor)::text as total, sum(coalesce(p.paid, 0))::text as paid,
       count(*) filter (where w.status <> 'cancelled')::int8 as live_work_orders,
       sum(w.total_minor) filter (where w.status <> 'cancelled')::text as live_total,
       sum(coalesce(p.paid, 0)) filter (where w.status <> 'cancelled')::text as live_paid,
       (select count(*) from work_order_payment)::int8 as payments
     from work_order w
     left join (select work_order_id, sum(amount_minor) as paid from work_order_payment where deleted_at is null
                group by work_order_id) p on p.work_order_id = w.id
     where w.organization_id = ${o}`,
  );
  const [readModel] = await query(
    dbName('reporting'),
    `select (select count(*) from finance_work_order where organization_id = ${o})::int8 as work_orders,
       (select sum(total_amount) from finance_work_order where organization_id = ${o})::text as total,
       (select sum(paid_amount) from finance_work_order where organization_id = ${o})::text as paid,
       (select sum(work_order_count) from finance_org_month_bucket where organization_id = ${o} and not cancelled)::int8 as live_work_orders,
       (select sum(total_amount) from finance_org_month_bucket where organization_id = ${o} and not cancelled)::text as live_total,
       (select sum(paid_amount) from finance_org_month_bucket where organization_id = ${o} and not cancelled)::text as live_paid,
       (select count(*) from finance_work_order_payment where organization_id = ${o})::int8 as payments`,
  );
  const [services] = await Promise.all([
    Promise.all([
      query(
        dbName('work-orders'),
        `select count(*)::int8 as n, sum(total_minor)::text as total from work_order where organization_id = ${o}`,
      ),
      query(
        dbName('payments'),
        `select count(*)::int8 as n, sum(amount_minor)::text as paid from work_order_payment where organization_id = ${o}`,
      ),
    ]),
  ]);
  const [[wo], [pay]] = services;
  const ownServices = { work_orders: wo.n, total: wo.total, paid: pay.paid, payments: pay.n };
  // per lab: the Dental Labs tab from the source GROUP BY against the buckets it is served from
  const labsSource = await query(SOURCE_DB, sourceLabsSql(org));
  const labsBuckets = await query(
    dbName('reporting'),
    `select lab_id, sum(work_order_count)::int8 as work_orders, sum(total_amount)::text as total, sum(paid_amount)::text as paid
     from finance_org_month_bucket where organization_id = ${o} and not cancelled group by lab_id`,
  );
  const byLab = new Map(labsBuckets.map((r) => [r.lab_id, r]));
  const labMismatches = labsSource.filter((s) => {
    const b = byLab.get(s.lab_id);
    return (
      !b || String(b.work_orders) !== String(s.work_orders) || b.total !== String(s.total) || b.paid !== String(s.paid)
    );
  });
  const statusSource = await query(
    SOURCE_DB,
    `select status, count(*)::int8 as n from (
       select ${paymentStatusSql('coalesce(p.paid, 0)', 'w.total_minor')} as status
       from work_order w left join (select work_order_id, sum(amount_minor) as paid from work_order_payment
                                    where deleted_at is null group by 1) p on p.work_order_id = w.id) s
     group by status order by status`,
  );
  const statusReadModel = await query(
    dbName('reporting'),
    `select payment_status as status, count(*)::int8 as n from finance_work_order group by 1 order by 1`,
  );
  const rows = [
    ['source (bench_source, GROUP BY)', source],
    ['work-orders + payments databases', ownServices],
    ['reporting read model', readModel],
  ];
  const fmt = (minor) =>
    minor === undefined
      ? ''
      : (BigInt(minor) / 100n).toLocaleString('en') + '.' + String(BigInt(minor) % 100n).padStart(2, '0');
  log('cross-check (all work orders; "live" = not cancelled, the read model side from the month buckets):');
  console.table(
    Object.fromEntries(
      rows.map(([name, r]) => [
        name,
        {
          'work orders': Number(r.work_orders).toLocaleString('en'),
          payments: Number(r.payments).toLocaleString('en'),
          total: fmt(r.total),
          paid: fmt(r.paid),
          'live work orders': r.live_work_orders === undefined ? '' : Number(r.live_work_orders).toLocaleString('en'),
          'live total': fmt(r.live_total),
          'live paid': fmt(r.live_paid),
        },
      ]),
    ),
  );
  console.table(
    Object.fromEntries(
      statusSource.map((s) => [
        s.status,
        { source: Number(s.n), 'read model': Number(statusReadModel.find((r) => r.status === s.status)?.n ?? 0) },
      ]),
    ),
  );
  const same = (a, b, keys) => keys.every((k) => String(a[k]) === String(b[k]));
  const ok =
    same(source, readModel, [
      'work_orders',
      'total',
      'paid',
      'live_work_orders',
      'live_total',
      'live_paid',
      'payments',
    ]) &&
    same(source, ownServices, ['work_orders', 'total', 'paid', 'payments']) &&
    labMismatches.length === 0 &&
    statusSource.length === statusReadModel.length &&
    statusSource.every((s) => statusReadModel.some((r) => r.status === s.status && String(r.n) === String(s.n)));
  log(
    ok
      ? `cross-check OK: read model = source (and ${labsSource.length} labs match one by one)`
      : `cross-check FAILED (${labMismatches.length} labs differ)`,
  );
  return { ok, source, readModel, ownServices, paymentStatuses: statusSource };
}

// ---- main ---------------------------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  const facts = await machine();
  log(
    `bench world: ${N.toLocaleString('en')} work orders, ${M.toLocaleString('en')} payments, ${LABS} labs, ${CLINICS} clinics; load ${facts.loadAverage.join(' ')}`,
  );
  if (flag('reset')) {
    const dropped = await dropBenchDatabases();
    const streams = await deleteBenchStreams();
    log(`reset: dropped ${dropped.join(', ') || 'no databases'}; deleted streams ${streams.join(', ') || 'none'}`);
  } else if (await databaseExists(SOURCE_DB)) {
    throw new Error(
      'the bench world exists already: `node bench/generate.mjs --reset` drops it and generates it again',
    );
  }
  const { organizationId, clinics } = await setUpOrganization();
  log(`organization ${organizationId}; admin ${ADMIN.email}; clinics ${clinics.length}`);
  // the four databases are independent: generate them side by side
  await timed('generate (all databases side by side)', () =>
    Promise.all([
      timed('  work-orders database', () => generateWorkOrders(organizationId, clinics)),
      timed('  payments database', () => generatePayments(organizationId, clinics)),
      timed('  reporting database', () => generateReporting(organizationId, clinics)),
      timed('  bench_source database', () => generateSource(organizationId, clinics)),
    ]),
  );
  const check = await timed('cross-check', () => crossCheck(organizationId));
  const result = {
    machine: facts,
    loadAverageAtEnd: (await machine()).loadAverage,
    scale: { workOrders: N, payments: M, labs: LABS, clinics: CLINICS, from: FIRST_DAY, days: DAYS },
    organizationId,
    timingsSeconds: timings,
    totalSeconds: round((performance.now() - started) / 1000, 1),
    crossCheck: check,
  };
  saveResult('generate', result);
  if (!check.ok) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
