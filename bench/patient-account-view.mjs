#!/usr/bin/env node
// The patient account page (issue 4) through the gateway: GET /patients/:id/account for a patient with 300
// treatments, 200 received-money records, 3 physicians, a contract and a family of 5.
//
//   node bench/patient-account-view.mjs [--requests 500] [--concurrency 50] [--warmup 50] [--keep]
//
// Its own small world, made fresh each run through the public API: databases bench_pa_<service>, bus prefix
// `benchpa`, services run from a private dist copy (.data/bench/patient-root), so it never touches the Finance
// bench world (bench_<service>, `bench`) nor a colleague's bench run. Dropped at the end unless --keep.
// Timed: `requests` GETs at `concurrency` clients (closed loop), after `warmup` untimed ones; then the same
// page one client at a time, and the service calls it is made of straight over NATS, to show where time goes.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  api,
  cpuSeconds,
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
} from './lib/common.mjs';

export const PA_ROOT = join(ROOT, '.data/bench/patient-root');
export const PA_PREFIX = 'benchpa';
export const PA_SERVICES = ['gateway', 'patient-accounts', 'payments', 'notifications'];
const paDb = (service) => `bench_pa_${service.replace(/[^a-z0-9]+/gi, '_')}`.toLowerCase();

/** Drops this bench's own databases and streams (bench_pa_*, BENCHPA_*), nothing else. */
export async function resetPatientWorld() {
  const names = (await query('postgres', "select datname from pg_database where datname like 'bench\\_pa\\_%'")).map(
    (r) => r.datname,
  );
  for (const name of names) {
    databaseUrl(name); // the guard: bench_ databases only
    await query('postgres', `drop database "${name}" with (force)`);
  }
  const nc = await nats.connect({ servers: NATS_URL });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list()) {
      if (s.config.name.startsWith(`${PA_PREFIX.toUpperCase()}_`)) await jsm.streams.delete(s.config.name);
    }
  } finally {
    await nc.close();
  }
}

/** A private copy of dist/ (built with `node scripts/build.mjs`), so a rebuild cannot pull files from under us. */
export function snapshotPatientDist() {
  const complete = (dir) => PA_SERVICES.every((s) => existsSync(join(dir, 'apps', s, 'src/main.js')));
  const dist = join(ROOT, 'dist');
  if (!complete(dist)) throw new Error('dist/ is missing or incomplete: run `node scripts/build.mjs` first');
  const target = join(PA_ROOT, 'dist');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(PA_ROOT, { recursive: true });
  cpSync(dist, target, { recursive: true });
  if (!complete(target)) throw new Error('dist/ changed while it was copied; try again');
}

/** gateway, patient-accounts, payments and notifications as processes on the bench_pa_* world. */
export async function startPatientStack(runName, extraEnv = () => ({})) {
  const { LocalStack } = require(join(PA_ROOT, 'dist/libs/testing/src/stack.js'));
  const ports = await freePorts(PA_SERVICES.length);
  const envs = new Map(
    PA_SERVICES.map((s, i) => [
      s,
      serviceEnv(s, ports[i], { DATABASE_URL: databaseUrl(paDb(s)), BUS_PREFIX: PA_PREFIX, ...extraEnv(s) }),
    ]),
  );
  const logDir = join(LOG_DIR, `${runName}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const stack = new LocalStack({
    root: PA_ROOT,
    services: PA_SERVICES,
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
  // the service processes, for the CPU each one spends under load
  const pids = Object.fromEntries(PA_SERVICES.map((s) => [s, stack.running.get(s).child.pid]));
  return { stack, logDir, pids, url: (s) => stack.url(s) };
}

/** CPU seconds per service process and per request while `fn` runs. */
export async function cpuPerRequest(pids, requests, fn) {
  const before = Object.fromEntries(Object.entries(pids).map(([s, pid]) => [s, cpuSeconds(pid)]));
  const out = await fn();
  const cpu = {};
  for (const [s, pid] of Object.entries(pids)) {
    const spent = cpuSeconds(pid) - before[s];
    cpu[s] = { seconds: round(spent, 1), msPerRequest: round((spent * 1000) / requests, 1) };
  }
  return { out, cpu };
}

/**
 * Waits (at most `maxSeconds`) until the services have worked off what seeding left them (outbox, event consumers):
 * a second in which all of them together spend under 50 ms of CPU. Otherwise that work is counted per page.
 */
export async function quiet(pids, maxSeconds = 60) {
  const deadline = performance.now() + maxSeconds * 1000;
  const total = () => Object.values(pids).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  for (;;) {
    const before = total();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const spent = total() - before;
    if (spent < 0.05 || performance.now() > deadline) return round(spent * 1000, 0);
  }
}

/** Runs `fn(i)` for i in [0, n) with at most `concurrency` at once; answers the times in ms. */
export async function closedLoop(n, concurrency, fn) {
  const times = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      await fn(i);
      times[i] = performance.now() - t0;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { times, seconds: (performance.now() - t0) / 1000 };
}

/** The main clinic (made by the gateway's first start), once patient-accounts knows it. */
export async function mainClinic(gw, token) {
  const clinic = await until(async () => (await api(gw, token, 'GET', '/clinics')).items.find((c) => c.name) ?? false, {
    what: 'the first clinic',
  });
  return clinic;
}

/** The first physician is refused (404) until patient-accounts has learnt the clinic from payments' event. */
export async function physicianOnce(gw, token, clinicId, name) {
  let created;
  await until(
    async () => {
      try {
        created = await api(gw, token, 'POST', '/physicians', { clinicId, name });
        return true;
      } catch {
        return false;
      }
    },
    { what: `physician ${name}` },
  );
  return created;
}

const cents = (s) => BigInt(s.replace('.', ''));
const decimal = (c) =>
  `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;
const day = (from, n) => new Date(Date.parse(`${from}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The patient of the issue: 300 treatments over 3 physicians, 200 records (some for a contract), a family of 5. */
export async function seed(gw, token) {
  const clinic = await mainClinic(gw, token);
  const doctors = [];
  for (const name of ['Dr. Demir', 'Dr. Kaya', 'Dr. Aydın'])
    doctors.push(await physicianOnce(gw, token, clinic.id, name));
  const family = await api(gw, token, 'POST', '/families', { name: 'Yılmaz family' });
  const members = [];
  for (const firstName of ['Ali', 'Ayşe', 'Can', 'Deniz', 'Elif']) {
    const p = await api(gw, token, 'POST', '/patients', { clinicId: clinic.id, firstName, lastName: 'Yılmaz' });
    await api(gw, token, 'PUT', `/patients/${p.id}/family`, { familyId: family.id });
    members.push(p);
  }
  const patient = members[0];
  const contract = await api(gw, token, 'POST', `/patients/${patient.id}/contracts`, {
    totalAmount: '6000.00',
    downPayment: '600.00',
    installmentCount: 12,
    firstDueDate: '2025-07-01',
  });
  let treatmentCents = 0n;
  let receivedCents = 0n;
  const treatments = Array.from({ length: 300 }, (_, i) => {
    const amount = decimal(BigInt(5000 + ((i * 7919) % 45000)));
    treatmentCents += cents(amount);
    return {
      physicianId: doctors[i % 3].id,
      procedure: ['Composite filling', 'Root canal', 'Scaling', 'Crown', 'Extraction'][i % 5],
      tooth: String(11 + (i % 38)),
      date: day('2025-06-01', i),
      amount,
    };
  });
  const types = ['cash', 'card', 'bank_transfer', 'check', 'cash', 'card', 'cash', 'bank_transfer', 'cash', 'refund'];
  const payments = Array.from({ length: 200 }, (_, i) => {
    const paymentType = types[i % types.length];
    const amount = decimal(BigInt(2000 + ((i * 104729) % 30000)));
    receivedCents += paymentType === 'refund' ? -cents(amount) : cents(amount);
    return {
      date: day('2025-06-02', Math.floor(i * 1.5)),
      amount,
      paymentType,
      ...(i % 10 === 3 ? { contractId: contract.id } : {}),
      ...(i % 7 === 0 ? { note: `visit ${i}` } : {}),
    };
  });
  await closedLoop(treatments.length, 8, (i) =>
    api(gw, token, 'POST', `/patients/${patient.id}/treatments`, treatments[i]),
  );
  await closedLoop(payments.length, 8, (i) => api(gw, token, 'POST', `/patients/${patient.id}/payments`, payments[i]));
  for (const [k, m] of members.slice(1).entries()) {
    for (let j = 0; j < 5; j++) {
      await api(gw, token, 'POST', `/patients/${m.id}/treatments`, {
        physicianId: doctors[j % 3].id,
        procedure: 'Check-up',
        date: day('2026-01-05', k * 7 + j),
        amount: '120.00',
      });
    }
    for (let j = 0; j < 3; j++) {
      await api(gw, token, 'POST', `/patients/${m.id}/payments`, {
        date: day('2026-01-06', k * 7 + j),
        amount: '100.00',
        paymentType: 'cash',
      });
    }
  }
  let alerts = 0;
  for (const date of ['2026-12-01', '2027-01-01']) {
    try {
      await api(gw, token, 'POST', `/patients/${patient.id}/alerts`, {
        date,
        amount: '500.00',
        note: 'next installment',
      });
      alerts++;
    } catch (e) {
      log(`no alert made (${e.message.slice(0, 80)}): the page is measured without alerts`);
      break;
    }
  }
  return {
    patient,
    expected: { treatmentTotal: decimal(treatmentCents), receivedTotal: decimal(receivedCents), alerts },
  };
}

function check(page, expected) {
  const problems = [];
  if (page.treatments.length !== 300) problems.push(`${page.treatments.length} treatments`);
  if (page.receivedMoney.length !== 200) problems.push(`${page.receivedMoney.length} records`);
  if (page.summary.treatmentTotal !== expected.treatmentTotal)
    problems.push(`treatmentTotal ${page.summary.treatmentTotal}`);
  if (page.summary.receivedTotal !== expected.receivedTotal)
    problems.push(`receivedTotal ${page.summary.receivedTotal}`);
  if (page.balanceDistribution.length !== 3) problems.push(`${page.balanceDistribution.length} distribution rows`);
  if (page.contracts.length !== 1 || page.contracts[0].installments.length !== 13) problems.push('contract');
  if (page.family?.members.length !== 5) problems.push('family');
  if (page.alerts.length !== expected.alerts) problems.push(`${page.alerts.length} alerts`);
  if (problems.length) throw new Error(`the account page is wrong: ${problems.join(', ')}`);
}

async function main() {
  const REQUESTS = Number(option('requests', 500));
  const CONCURRENCY = Number(option('concurrency', 50));
  const WARMUP = Number(option('warmup', 50));
  const SEQUENTIAL = Number(option('sequential', 100));
  const facts = await machine();
  log(`load average at start: ${facts.loadAverage.join(' ')}`);
  await resetPatientWorld();
  snapshotPatientDist();
  const { stack, logDir, pids } = await startPatientStack('patient-account-view');
  const nc = await nats.connect({ servers: NATS_URL });
  let result;
  try {
    const gw = stack.url('gateway');
    const token = await login(gw);
    const t0 = performance.now();
    const { patient, expected } = await seed(gw, token);
    const seedSeconds = round((performance.now() - t0) / 1000, 1);
    log(`seeded through the API in ${seedSeconds} s: patient ${patient.id}`);
    log(`services quiet (${await quiet(pids)} ms CPU in the last second)`);
    const url = `${gw}/api/v1/patients/${patient.id}/account`;
    let bytes = 0;
    let withoutAlerts = 0; // pages answered without alerts (notifications slower than the 1.5 s it is given)
    let alertsUnavailable;
    const get = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET account answered ${res.status}: ${text.slice(0, 300)}`);
      bytes = text.length;
      const page = JSON.parse(text);
      if (page.alertsUnavailable) withoutAlerts++;
      return page;
    };
    const first = await get();
    check(first, expected);
    alertsUnavailable = first.alertsUnavailable;
    await closedLoop(WARMUP, CONCURRENCY, get);
    withoutAlerts = 0;
    const { out: concurrent, cpu } = await cpuPerRequest(pids, REQUESTS, () => closedLoop(REQUESTS, CONCURRENCY, get));
    const concurrentWithoutAlerts = withoutAlerts;
    check(await get(), expected);
    const sequential = await closedLoop(SEQUENTIAL, 1, get);

    // the parts, straight over NATS, one at a time
    const caller = nats.headers();
    caller.set('x-organization-id', patient.organizationId);
    caller.set('x-clinic-ids', '*');
    caller.set('x-user-id', 'bench');
    caller.set('x-roles', 'admin');
    caller.set('x-correlation-id', 'bench-patient-account');
    const rpc = (subject, payload) => async () => {
      const m = await nc.request(`${PA_PREFIX}.rpc.${subject}`, Buffer.from(JSON.stringify(payload)), {
        timeout: 30_000,
        headers: caller,
      });
      const reply = JSON.parse(Buffer.from(m.data).toString('utf8'));
      if (!reply.ok) throw new Error(`${subject}: ${JSON.stringify(reply.error)}`);
    };
    const parts = {};
    const memberIds = first.family.members.map((m) => m.patientId);
    for (const [name, subject, payload] of [
      ['accountBasis', 'patient-accounts.query.account-basis', { patientId: patient.id }],
      ['listPatientPayments', 'payments.query.list-patient-payments', { patientId: patient.id }],
      ['listAlerts', 'notifications.query.list-alerts', { patientId: patient.id }],
      ['family', 'patient-accounts.query.family', { familyId: first.family.family.id }],
      ['treatmentTotals', 'patient-accounts.query.treatment-totals', { patientIds: memberIds }],
      ['receivedTotals', 'payments.query.received-totals', { patientIds: memberIds }],
    ]) {
      const call = rpc(subject, payload);
      try {
        await closedLoop(10, 1, call);
        parts[name] = summary((await closedLoop(SEQUENTIAL, 1, call)).times);
      } catch (e) {
        parts[name] = { error: e.message };
      }
    }
    const under = summary(concurrent.times);
    const verdict = under.p95 < 60 ? 'PASS' : 'MISS';
    result = {
      machine: facts,
      loadAverageAtEnd: (await machine()).loadAverage,
      world: {
        treatments: 300,
        receivedMoneyRecords: 200,
        physicians: 3,
        contracts: 1,
        familyMembers: 5,
        alerts: expected.alerts,
        alertsUnavailable,
        seedSeconds,
        answerBytes: bytes,
      },
      concurrent: {
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        warmup: WARMUP,
        ...under,
        requestsPerSecond: round(REQUESTS / concurrent.seconds, 1),
        answeredWithoutAlerts: concurrentWithoutAlerts,
      },
      cpuPerService: cpu,
      sequential: { ...summary(sequential.times), requestsPerSecond: round(SEQUENTIAL / sequential.seconds, 1) },
      partsSequential: parts,
      target: `p95 ${under.p95} ms < 60 ms at ${CONCURRENCY} concurrent: ${verdict}`,
      logDir,
    };
    console.table({
      [`${CONCURRENCY} concurrent`]: { ...under, rps: result.concurrent.requestsPerSecond },
      sequential: result.sequential,
      ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [`rpc ${k}`, v])),
    });
    console.table(cpu);
    log(result.target);
  } finally {
    await nc.close();
    await stack.stop();
    if (!flag('keep')) await resetPatientWorld();
  }
  saveResult('patient-account-view', result);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
