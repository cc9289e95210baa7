#!/usr/bin/env node
// Receivables aging (issue 14): GET /reports/receivables-aging organization-wide, as of today and as of a year back,
// through the gateway, against the same aging computed by ONE SQL query (window functions, FIFO) over tables in the
// source services' shape, in the same run; the totals of both must agree.
//
//   node bench/receivables-aging.mjs [--reset] [--drop] [--patients 200000] [--treatments 1000000]
//     [--payments 1000000] [--clinics 5] [--runs 30] [--warmup 3] [--baseline-runs 5] [--cases today,year]
//
// Its own world, reused when present with the same sizes (--reset makes it again): databases bench_aging_<service>
// (gateway, payments, reporting), bus prefix `benchaging` (streams BENCHAGING_*), the services run from a private
// dist copy (.data/bench/aging-root). The gateway's first start makes the organization, the admin and the Main
// Clinic; the other clinics come through POST /clinics and reach reporting (report_clinic) by event. The ledger
// rows are then written straight into bench_aging_reporting with set-based SQL (generate_series): first the
// source-shaped tables (schema `source`: treatment, patient_payment, account_closure with the source services'
// column names, only the columns the aging needs, and their indexes), then the ledger tables from them (same rows),
// then the derived tables as the projection keeps them (ledger_balance, ledger_open_item, ledger_open_day,
// ledger_clinic_total with the projection's own CLINIC_SUMS). --drop drops the databases and streams at the end.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  api,
  client,
  databaseUrl,
  flag,
  freePorts,
  LOG_DIR,
  log,
  login,
  machine,
  nats,
  NATS_URL,
  option,
  query,
  require,
  ROOT,
  round,
  saveResult,
  serviceEnv,
  summary,
  until,
  loadAverage,
} from './lib/common.mjs';

const AG_ROOT = join(ROOT, '.data/bench/aging-root');
const AG_PREFIX = 'benchaging';
const AG_SERVICES = ['payments', 'reporting', 'gateway'];
const agDb = (service) => `bench_aging_${service.replace(/[^a-z0-9]+/gi, '_')}`.toLowerCase();
const REPORTING = agDb('reporting');

const PATIENTS = Number(option('patients', 200_000));
const TREATMENTS = Number(option('treatments', 1_000_000));
const PAYMENTS = Number(option('payments', 1_000_000));
const CLINICS = Number(option('clinics', 5));
const RUNS = Number(option('runs', 30));
const WARMUP = Number(option('warmup', 3));
const BASELINE_RUNS = Number(option('baseline-runs', 5));
const CURRENCY = 'EUR';
const DAYS = 1096; // ~3 years, up to the day of generation

async function resetAgingWorld() {
  const names = (await query('postgres', "select datname from pg_database where datname like 'bench\\_aging\\_%'")).map(
    (r) => r.datname,
  );
  for (const name of names) {
    databaseUrl(name); // the guard: bench_ databases only
    await query('postgres', `drop database "${name}" with (force)`);
  }
  const nc = await nats.connect({ servers: NATS_URL });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list())
      if (s.config.name.startsWith(`${AG_PREFIX.toUpperCase()}_`)) await jsm.streams.delete(s.config.name);
  } finally {
    await nc.close();
  }
  return names;
}

function snapshotAgingDist() {
  const complete = (dir) => AG_SERVICES.every((s) => existsSync(join(dir, 'apps', s, 'src/main.js')));
  const dist = join(ROOT, 'dist');
  if (!complete(dist)) throw new Error('dist/ is missing or incomplete: run `node scripts/build.mjs` first');
  const target = join(AG_ROOT, 'dist');
  if (process.env.BENCH_KEEP_DIST === '1' && complete(target)) return;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(AG_ROOT, { recursive: true });
  cpSync(dist, target, { recursive: true });
  if (!complete(target)) throw new Error('dist/ changed while it was copied; try again');
}

async function startAgingStack() {
  const { LocalStack } = require(join(AG_ROOT, 'dist/libs/testing/src/stack.js'));
  const ports = await freePorts(AG_SERVICES.length);
  const envs = new Map(
    AG_SERVICES.map((s, i) => [
      s,
      serviceEnv(s, ports[i], { DATABASE_URL: databaseUrl(agDb(s)), BUS_PREFIX: AG_PREFIX }),
    ]),
  );
  const logDir = join(LOG_DIR, `receivables-aging-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const stack = new LocalStack({
    root: AG_ROOT,
    services: AG_SERVICES,
    env: (s) => envs.get(s),
    logDir,
    readyTimeoutMs: 180_000,
  });
  try {
    await stack.start();
  } catch (e) {
    await stack.stop().catch(() => undefined);
    throw e;
  }
  return stack;
}

/** Creates the databases (the services make their tables on first start). */
async function ensureDatabases() {
  for (const s of AG_SERVICES) {
    const exists = await query('postgres', 'select 1 from pg_database where datname = $1', [agDb(s)]);
    if (!exists.length) await query('postgres', `create database "${agDb(s)}"`);
  }
}

async function timed(what, fn) {
  const t0 = performance.now();
  const out = await fn();
  log(`${what}: ${round((performance.now() - t0) / 1000, 1)} s`);
  return out;
}

// ---- the world ---------------------------------------------------------------------------------------------------

/** An integer hash of (i, salt) in 0 .. 2^32-1 (multiplicative, bigint-safe): cheap, deterministic. */
const h = (i, salt) => `(((((${i})::int8 * 2654435761 + ${salt * 7919}) % 4294967296) * 1597334677) % 4294967296)`;
const uuid = (prefix, i) => `md5('${prefix}' || (${i}))::uuid`;

async function generate(c, org, clinics) {
  const clinicArray = `array[${clinics.map((id) => `'${id}'::uuid`).join(', ')}]`;
  const o = `'${org}'::uuid`;
  const run = async (what, sql) => timed(what, () => c.query(sql));
  await c.query("set work_mem = '256MB'");
  await c.query("set maintenance_work_mem = '512MB'");
  await c.query('set synchronous_commit = off');
  await c.query('set max_parallel_workers_per_gather = 0'); // light on the shared cores
  await c.query('drop schema if exists source cascade');
  await c.query('create schema source');
  // the source services' tables, the columns the aging needs (patient-accounts: treatment, account_closure;
  // payments: patient_payment), with their indexes
  await c.query(`create table source.treatment (id uuid primary key, organization_id uuid not null,
    clinic_id uuid not null, patient_id uuid not null, physician_id uuid, procedure text not null, date date not null,
    currency char(3) not null, amount_minor bigint not null check (amount_minor > 0), deleted_at timestamptz,
    revision int not null default 1, created_at timestamptz not null)`);
  await c.query(`create table source.patient_payment (id uuid primary key, organization_id uuid not null,
    clinic_id uuid not null, patient_id uuid not null, date date not null,
    amount_minor bigint not null check (amount_minor <> 0), payment_type text not null, currency char(3) not null,
    revision int not null default 1, deleted_at timestamptz, created_at timestamptz not null)`);
  await c.query(`create table source.account_closure (id uuid primary key, organization_id uuid not null,
    clinic_id uuid not null, patient_id uuid not null, date date not null, currency char(3) not null,
    written_off_minor bigint not null, created_at timestamptz not null)`);
  await c.query(`create table source.bench_meta (patients int, treatments int, payments int, clinics int,
    organization_id uuid, first_day date, generated_at timestamptz default now())`);
  const first = `(current_date - ${DAYS - 1})`;
  // patient i (1..P): clinic i mod C
  await run(
    'ledger_patient',
    `insert into ledger_patient (id, organization_id, clinic_id, first_name, last_name, currency, occurred_at)
     select ${uuid('ag-patient-', 'i')}, ${o}, (${clinicArray})[1 + i % ${clinics.length}],
       'Patient', lpad(i::text, 6, '0'), '${CURRENCY}', now()
     from generate_series(1, ${PATIENTS}) i`,
  );
  // treatments: 50.00 .. 2,000.00 on any day of the three years; 1% deleted
  await run(
    'source.treatment',
    `insert into source.treatment (id, organization_id, clinic_id, patient_id, procedure, date, currency, amount_minor,
       deleted_at, created_at)
     select ${uuid('ag-treatment-', 'j')}, ${o}, (${clinicArray})[1 + p % ${clinics.length}],
       ${uuid('ag-patient-', 'p')}, 'Bench', d, '${CURRENCY}', 5000 + ${h('j', 2)} % 195001,
       case when ${h('j', 3)} % 100 = 0 then now() end, d + make_interval(secs => j % 86400)
     from generate_series(1, ${TREATMENTS}) j,
       lateral (select 1 + ${h('j', 1)} % ${PATIENTS} as p, ${first} + (${h('j', 4)} % ${DAYS})::int as d) x`,
  );
  // payments: 10.00 .. 2,000.00, 2% refunds of 5.00 .. 100.00; 0.5% deleted
  await run(
    'source.patient_payment',
    `insert into source.patient_payment (id, organization_id, clinic_id, patient_id, date, amount_minor, payment_type,
       currency, deleted_at, created_at)
     select ${uuid('ag-payment-', 'k')}, ${o}, (${clinicArray})[1 + p % ${clinics.length}],
       ${uuid('ag-patient-', 'p')}, d, case when refund then -(500 + ${h('k', 6)} % 9501) else 1000 + ${h('k', 6)} % 199001 end,
       case when refund then 'refund' else (array['cash', 'card', 'bank_transfer'])[1 + k % 3] end, '${CURRENCY}',
       case when ${h('k', 8)} % 200 = 0 then now() end, d::timestamptz
     from generate_series(1, ${PAYMENTS}) k,
       lateral (select 1 + ${h('k', 5)} % ${PATIENTS} as p, ${first} + (${h('k', 7)} % ${DAYS})::int as d,
         ${h('k', 9)} % 50 = 0 as refund) x`,
  );
  await run(
    'source indexes',
    `create index treatment_patient on source.treatment (patient_id, date);
    create index patient_payment_patient on source.patient_payment (organization_id, patient_id, date)`,
  );
  // closures: every 50th patient on a day of the three years, writing off what was open then (either sign)
  await run(
    'source.account_closure',
    `insert into source.account_closure (id, organization_id, clinic_id, patient_id, date, currency,
       written_off_minor, created_at)
     select ${uuid('ag-closure-', 'i')}, ${o}, (${clinicArray})[1 + i % ${clinics.length}], pid, d, '${CURRENCY}',
       coalesce((select sum(amount_minor) from source.treatment t where t.patient_id = pid and t.deleted_at is null
         and t.date <= d), 0)
       - coalesce((select sum(amount_minor) from source.patient_payment m where m.organization_id = ${o}
         and m.patient_id = pid and m.deleted_at is null and m.date <= d), 0), d::timestamptz
     from generate_series(50, ${PATIENTS}, 50) i,
       lateral (select ${uuid('ag-patient-', 'i')} as pid, ${first} + (${h('i', 10)} % ${DAYS})::int as d) x`,
  );
  await c.query('delete from source.account_closure where written_off_minor = 0');

  // the ledger: the same rows, as the projection stores them (secondary indexes dropped while filling)
  const big = ['ledger_treatment', 'ledger_received', 'ledger_balance', 'ledger_open_item'];
  const indexes = (
    await c.query(
      `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = any($1)
       and indexname not like '%_pkey'`,
      [big],
    )
  ).rows;
  for (const ix of indexes) await c.query(`drop index ${ix.indexname}`);
  await run(
    'ledger_treatment',
    `insert into ledger_treatment (id, organization_id, clinic_id, patient_id, physician_id, procedure, date, amount,
       currency, created_at, revision, deleted)
     select id, organization_id, clinic_id, patient_id, physician_id, procedure, date, amount_minor, currency,
       created_at, revision, deleted_at is not null from source.treatment`,
  );
  await run(
    'ledger_received',
    `insert into ledger_received (id, organization_id, clinic_id, patient_id, date, amount, bank_cost, payment_type,
       currency, revision, deleted)
     select id, organization_id, clinic_id, patient_id, date, amount_minor, 0, payment_type, currency, revision,
       deleted_at is not null from source.patient_payment`,
  );
  // the live closures, and (every 250th patient) a closure that was undone (reopened: gone from the source)
  await run(
    'ledger_closure',
    `insert into ledger_closure (id, organization_id, clinic_id, patient_id, date, written_off, currency, undone)
     select id, organization_id, clinic_id, patient_id, date, written_off_minor, currency, false
     from source.account_closure
     union all
     select ${uuid('ag-undone-', 'i')}, ${o}, (${clinicArray})[1 + i % ${clinics.length}], ${uuid('ag-patient-', 'i')},
       ${first} + (${h('i', 11)} % ${DAYS})::int, 10000 + ${h('i', 12)} % 90000, '${CURRENCY}', true
     from generate_series(5, ${PATIENTS}, 250) i`,
  );
  // ledger_balance: what LedgerProjection.recomputeBalances writes, for every patient at once (no contracts here)
  await run(
    'ledger_balance',
    `insert into ledger_balance (patient_id, organization_id, clinic_id, name, currency, treatment_total,
       received_total, written_off_total, closed_through, open_treatment_total, open_received_total,
       last_payment_date, contract_balance)
     with closed as (
       select patient_id, max(date) as through, sum(written_off) as written_off from ledger_closure
       where not undone group by patient_id),
     tr as (
       select x.patient_id, sum(x.amount) as total,
         coalesce(sum(x.amount) filter (where cl.through is null or x.date > cl.through), 0) as open
       from ledger_treatment x left join closed cl using (patient_id) where not x.deleted group by x.patient_id),
     rc as (
       select x.patient_id, sum(x.amount) as total,
         coalesce(sum(x.amount) filter (where cl.through is null or x.date > cl.through), 0) as open,
         max(x.date) filter (where x.amount > 0) as last_payment
       from ledger_received x left join closed cl using (patient_id) where not x.deleted group by x.patient_id)
     select p.id, p.organization_id, p.clinic_id, p.name, p.currency, coalesce(tr.total, 0), coalesce(rc.total, 0),
       coalesce(cl.written_off, 0), cl.through, coalesce(tr.open, 0), coalesce(rc.open, 0), rc.last_payment, 0
     from ledger_patient p left join closed cl on cl.patient_id = p.id left join tr on tr.patient_id = p.id
       left join rc on rc.patient_id = p.id
     where p.organization_id = ${o} and (tr.patient_id is not null or rc.patient_id is not null
       or cl.patient_id is not null or exists (select 1 from ledger_closure u where u.patient_id = p.id))
     order by p.id`,
  );
  // ledger_open_item: LedgerProjection.recomputeOpenItems for every patient
  await run(
    'ledger_open_item',
    `insert into ledger_open_item (patient_id, organization_id, clinic_id, date, remainder)
     with items as (
       select x.patient_id, x.organization_id, b.clinic_id, x.date,
         least(greatest(sum(x.amount) over fifo - greatest(b.received_total + b.written_off_total, 0), 0), x.amount)
           as remainder
       from ledger_balance b
       join ledger_treatment x on x.patient_id = b.patient_id and x.organization_id = b.organization_id
         and not x.deleted
       window fifo as (partition by x.patient_id order by x.date, x.created_at, x.id rows unbounded preceding)
       union all
       select b.patient_id, b.organization_id, b.clinic_id, negative.date, -(b.received_total + b.written_off_total)
       from ledger_balance b
       cross join lateral (
         select max(date) as date from (
           select date from ledger_received r where r.patient_id = b.patient_id
             and r.organization_id = b.organization_id and not r.deleted and r.amount < 0
           union all
           select date from ledger_closure c where c.patient_id = b.patient_id
             and c.organization_id = b.organization_id and not c.undone and c.written_off < 0) n
       ) negative
       where b.received_total + b.written_off_total < 0
     )
     select patient_id, organization_id, clinic_id, date, sum(remainder) from items where remainder > 0
     group by patient_id, organization_id, clinic_id, date
     order by patient_id, date`,
  );
  for (const ix of indexes) await timed(`index ${ix.indexname}`, () => c.query(ix.indexdef));
  await run(
    'ledger_open_day',
    `insert into ledger_open_day (organization_id, clinic_id, date, remainder)
     select organization_id, clinic_id, date, sum(remainder) from ledger_open_item
     group by organization_id, clinic_id, date having sum(remainder) <> 0`,
  );
  const { CLINIC_SUMS } = require(join(AG_ROOT, 'dist/apps/reporting/src/ledger/projection/ledger-projection.js'));
  const columns = CLINIC_SUMS.map(([column]) => column);
  await run(
    'ledger_clinic_total',
    `insert into ledger_clinic_total (organization_id, clinic_id, currency, ${columns.join(', ')})
     select organization_id, clinic_id, trim(currency), ${CLINIC_SUMS.map(([, sql]) => `sum(${sql})`).join(', ')}
     from ledger_balance b group by organization_id, clinic_id, trim(currency)`,
  );
  await c.query(
    `insert into source.bench_meta (patients, treatments, payments, clinics, organization_id, first_day)
     values ($1, $2, $3, $4, $5, ${first})`,
    [PATIENTS, TREATMENTS, PAYMENTS, clinics.length, org],
  );
  await run('vacuum analyze', 'vacuum analyze');
}

// ---- the baseline: one statement over the source-shaped tables ----------------------------------------------------

const BASELINE = `
  with t as (
    select patient_id, date, amount_minor as amount,
      sum(amount_minor) over (partition by patient_id order by date, created_at, id rows unbounded preceding) as cum
    from source.treatment where organization_id = $1 and deleted_at is null and date <= $2::date),
  m as (
    select patient_id, sum(amount) as r, max(date) filter (where amount < 0) as negative_date from (
      select patient_id, amount_minor as amount, date from source.patient_payment
      where organization_id = $1 and deleted_at is null and date <= $2::date
      union all
      select patient_id, written_off_minor, date from source.account_closure
      where organization_id = $1 and date <= $2::date) x
    group by patient_id),
  tp as (
    select t.patient_id, sum(t.amount) as s,
      sum(u) filter (where t.date >= $2::date - 30) as b0,
      sum(u) filter (where t.date between $2::date - 60 and $2::date - 31) as b31,
      sum(u) filter (where t.date between $2::date - 90 and $2::date - 61) as b61,
      sum(u) filter (where t.date <= $2::date - 91) as b91
    from t left join m using (patient_id)
    cross join lateral (select least(greatest(t.cum - greatest(coalesce(m.r, 0), 0), 0), t.amount) as u) fifo
    group by t.patient_id),
  p as (
    select coalesce(tp.s, 0) as s, coalesce(m.r, 0) as r, $2::date - m.negative_date as nd,
      coalesce(tp.b0, 0) as b0, coalesce(tp.b31, 0) as b31, coalesce(tp.b61, 0) as b61, coalesce(tp.b91, 0) as b91
    from tp full join m using (patient_id)),
  rows as (
    select b0 + case when r < 0 and nd <= 30 then -r else 0 end as b0,
      b31 + case when r < 0 and nd between 31 and 60 then -r else 0 end as b31,
      b61 + case when r < 0 and nd between 61 and 90 then -r else 0 end as b61,
      b91 + case when r < 0 and nd > 90 then -r else 0 end as b91,
      greatest(r - s, 0) as credit
    from p)
  select count(*) filter (where b0 + b31 + b61 + b91 > 0 or credit > 0)::text as rows, sum(b0)::text as b0,
    sum(b31)::text as b31, sum(b61)::text as b61, sum(b91)::text as b91, sum(b0 + b31 + b61 + b91)::text as total,
    sum(credit)::text as credit
  from rows`;

const minorOf = (decimal) => {
  const [i, f = ''] = decimal.split('.');
  const neg = i.startsWith('-');
  const v = BigInt(i.replace('-', '')) * 100n + BigInt((f + '00').slice(0, 2));
  return (neg ? -v : v).toString();
};

function gatewayTotals(answer) {
  const b = answer.totals.buckets;
  return {
    rows: String(answer.total),
    b0: minorOf(b['0-30']),
    b31: minorOf(b['31-60']),
    b61: minorOf(b['61-90']),
    b91: minorOf(b['91+']),
    total: minorOf(answer.totals.total),
    credit: minorOf(answer.totals.credit),
  };
}

const money = (minor) => {
  const v = BigInt(minor);
  const abs = v < 0n ? -v : v;
  return `${v < 0n ? '-' : ''}${(abs / 100n).toLocaleString('en-US')}.${String(abs % 100n).padStart(2, '0')}`;
};

// ---- main --------------------------------------------------------------------------------------------------------

async function main() {
  const started = new Date();
  const loadAtStart = loadAverage();
  log(
    `receivables aging bench: ${PATIENTS} patients, ${TREATMENTS} treatments, ${PAYMENTS} payments; load ${loadAtStart}`,
  );
  if (flag('reset')) log(`dropped ${(await resetAgingWorld()).join(', ') || 'nothing'}`);
  snapshotAgingDist();
  await ensureDatabases();
  const stack = await timed('start payments, reporting, gateway', () => startAgingStack());
  const result = {
    machine: await machine(),
    sizes: { patients: PATIENTS, treatments: TREATMENTS, payments: PAYMENTS },
  };
  let c;
  try {
    const gateway = stack.url('gateway');
    let token = await login(gateway);
    const list = async () => (await api(gateway, token, 'GET', '/clinics')).items;
    await until(async () => (await list()).length > 0, { what: 'the Main Clinic', timeoutMs: 120_000 });
    for (let n = (await list()).length; n < CLINICS; n++)
      await api(gateway, token, 'POST', '/clinics', {
        name: `Aging Clinic ${String(n + 1).padStart(2, '0')}`,
        currency: CURRENCY,
        timeZone: 'UTC',
        locale: 'en',
      });
    const [org] = await query(agDb('gateway'), 'select id from organization order by created_at limit 1');
    const clinics = (await list()).map((x) => x.id).sort();
    await until(
      async () =>
        Number(
          (await query(REPORTING, 'select count(*) as n from report_clinic where organization_id = $1', [org.id]))[0].n,
        ) === clinics.length,
      { what: 'reporting to know every clinic', timeoutMs: 60_000 },
    );
    c = await client(REPORTING);
    const meta = (
      await c
        .query(`select patients, treatments, payments from source.bench_meta where organization_id = $1`, [org.id])
        .catch(() => ({ rows: [] }))
    ).rows[0];
    const same = meta && meta.patients === PATIENTS && meta.treatments === TREATMENTS && meta.payments === PAYMENTS;
    if (same) log('reusing the generated world');
    else {
      await c.query(
        'truncate ledger_patient, ledger_treatment, ledger_received, ledger_closure, ledger_contract, ledger_balance, ledger_open_item, ledger_open_day, ledger_clinic_total',
      );
      const t0 = performance.now();
      const load0 = loadAverage();
      await generate(c, org.id, clinics);
      result.generation = {
        seconds: round((performance.now() - t0) / 1000, 1),
        loadBefore: load0,
        loadAfter: loadAverage(),
      };
    }
    result.world = (
      await c.query(`select
        (select count(*) from ledger_patient)::int as patients,
        (select count(*) from ledger_treatment)::int as treatments,
        (select count(*) filter (where deleted) from ledger_treatment)::int as treatments_deleted,
        (select count(*) from ledger_received)::int as payments,
        (select count(*) filter (where amount < 0) from ledger_received)::int as refunds,
        (select count(*) filter (where not undone) from ledger_closure)::int as closures,
        (select count(*) filter (where undone) from ledger_closure)::int as closures_undone,
        (select count(*) filter (where treatment_total <> received_total + written_off_total) from ledger_balance)::int as unbalanced,
        (select count(*) from ledger_open_item)::int as open_items,
        (select min(date)::text from ledger_treatment) as first_day, (select max(date)::text from ledger_treatment) as last_day`)
    ).rows[0];
    log(`world: ${JSON.stringify(result.world)}`);

    token = await login(gateway);
    const get = async (asOf) => {
      const t0 = performance.now();
      const answer = await api(gateway, token, 'GET', `/reports/receivables-aging${asOf ? `?asOf=${asOf}` : ''}`);
      return { ms: performance.now() - t0, answer };
    };
    const today = (await get()).answer.asOf;
    const yearBack = (await query(REPORTING, `select ($1::date - 365)::text as d`, [today]))[0].d;
    const cases = [
      ['as of today', undefined, today],
      ['as of a year back', yearBack, yearBack],
    ];
    result.cases = [];
    const wanted = option('cases', 'today,year').split(',');
    for (const [label, param, asOf] of cases.filter((_, i) => wanted.includes(['today', 'year'][i]))) {
      for (let i = 0; i < WARMUP; i++) await get(param);
      const load = loadAverage();
      const ms = [];
      let answer;
      for (let i = 0; i < RUNS; i++) {
        const r = await get(param);
        ms.push(r.ms);
        answer = r.answer;
      }
      const gw = summary(ms);
      log(`${label} (${asOf}) gateway: ${JSON.stringify(gw)} load ${load}`);
      // the baseline, same run, own connection: 1 untimed warm-up
      await c.query(BASELINE, [org.id, asOf]);
      const bms = [];
      let base;
      const bload = loadAverage();
      for (let i = 0; i < BASELINE_RUNS; i++) {
        const t0 = performance.now();
        base = (await c.query(BASELINE, [org.id, asOf])).rows[0];
        bms.push(performance.now() - t0);
      }
      const bl = summary(bms);
      log(`${label} (${asOf}) baseline: ${JSON.stringify(bl)} load ${bload}`);
      const mine = gatewayTotals(answer);
      const equal = Object.keys(mine).every((k) => mine[k] === base[k]);
      result.cases.push({
        label,
        asOf,
        gateway: { ...gw, loadAverage: load },
        baseline: { ...bl, loadAverage: bload },
        totals: { gateway: mine, baseline: base },
        equal,
      });
    }
    result.loadAverageEnd = loadAverage();
    result.finished = new Date().toISOString();

    const pad = (s, n) => String(s).padEnd(n);
    console.log(
      `\nReceivables aging, organization-wide (${started.toISOString()}, load ${loadAtStart} → ${result.loadAverageEnd})`,
    );
    console.log(
      `${pad('case', 30)}${pad('gateway p50/p95 ms', 22)}${pad('SQL baseline p50/p95 ms', 26)}${pad('rows', 10)}${pad('total', 20)}${pad('credit', 18)}same`,
    );
    for (const k of result.cases)
      console.log(
        `${pad(`${k.label} (${k.asOf})`, 30)}${pad(`${k.gateway.p50} / ${k.gateway.p95}`, 22)}${pad(`${k.baseline.p50} / ${k.baseline.p95}`, 26)}` +
          `${pad(k.totals.gateway.rows, 10)}${pad(money(k.totals.gateway.total), 20)}${pad(money(k.totals.gateway.credit), 18)}${k.equal ? 'yes' : 'NO'}`,
      );
    for (const k of result.cases)
      if (!k.equal)
        console.log(
          `MISMATCH ${k.label}: gateway ${JSON.stringify(k.totals.gateway)} baseline ${JSON.stringify(k.totals.baseline)}`,
        );
    saveResult(`receivables-aging-${PATIENTS}${wanted.length === 1 ? `-${wanted[0]}` : ''}`, result);
    if (result.cases.some((k) => !k.equal)) process.exitCode = 1;
  } finally {
    await c?.end();
    await stack.stop();
    if (flag('drop')) log(`dropped ${(await resetAgingWorld()).join(', ')}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
