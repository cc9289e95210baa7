// The fault suite: the six built services as processes on a PRIVATE PostgreSQL and NATS, integrator clients recording
// payments through the gateway while services, NATS and PostgreSQL are crashed one after the other, then checks that
// money was never doubled, stranded or lost and that every read model tells the same amounts to the cent.
// Used by e2e/faults.e2e-spec.ts (the short run in `npm test`, and the long one with FAULTS_LONG=1: `npm run test:faults`).
import { SERVICE_NAMES, ServiceName } from '@dental/contracts';
import { LocalStack } from '@dental/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { Client } from 'pg';
import { cents, decimal } from '../support/finance-oracle';
import { PrivateNats, PrivatePostgres } from '../support/private-servers';
import { distOutdated, freePorts, repoRoot } from '@dental/testing';
import { Attempt, attemptOnce, PaymentClients, PaymentTarget } from './clients';

export type FaultName = `kill:${ServiceName}` | 'nats' | 'postgres' | 'postgres-long' | 'replicas';

export const ALL_FAULTS: FaultName[] = [
  'kill:payments',
  'kill:reporting',
  'kill:gateway',
  'kill:patient-accounts',
  'kill:work-orders',
  'kill:notifications',
  'nats',
  'postgres',
  'postgres-long',
  'replicas',
];

export interface FaultSuiteOptions {
  clients: number;
  faults: FaultName[];
  /** clients keep running at least this long (ms) from their start, faults or not */
  minDurationMs: number;
  /** clients run this long before the first fault and between two faults */
  gapMs: number;
  /** how long a killed service stays down before it is started again */
  serviceDownMs: number;
  /** the short PostgreSQL stop */
  pgOutageMs: number;
  /** the long PostgreSQL stop ('postgres-long') */
  longPgOutageMs: number;
  /** NATS down between kill -9 and start */
  natsDownMs: number;
  thinkMs: number;
  /** RPC_TIMEOUT_MS of every service */
  rpcTimeoutMs: number;
  /** deadline for the read models and events to settle after the clients stop */
  settleTimeoutMs: number;
  log: (line: string) => void;
}

export const SHORT_RUN: Omit<FaultSuiteOptions, 'log'> = {
  clients: 4,
  faults: ALL_FAULTS.filter((f) => f !== 'postgres-long'),
  minDurationMs: 0,
  gapMs: 2_000,
  serviceDownMs: 1_000,
  pgOutageMs: 5_000,
  longPgOutageMs: 0,
  natsDownMs: 2_000,
  thinkMs: 150,
  rpcTimeoutMs: 2_000,
  settleTimeoutMs: 60_000,
};

export const LONG_RUN: Omit<FaultSuiteOptions, 'log'> = {
  clients: 8,
  faults: ALL_FAULTS,
  minDurationMs: 5 * 60_000,
  gapMs: 10_000,
  serviceDownMs: 5_000,
  pgOutageMs: 5_000,
  longPgOutageMs: 60_000,
  natsDownMs: 5_000,
  thinkMs: 100,
  rpcTimeoutMs: 2_000,
  settleTimeoutMs: 180_000,
};

export interface FaultTiming {
  fault: FaultName;
  startedAt: string;
  /** how long the fault was held (down time) */
  downMs: number;
  /** from the restart until every affected process answered /health/ready */
  readyMs: number | null;
  /** from the restart until ready AND a client's payment started after the restart got a 2xx */
  recoveryMs: number | null;
  error?: string;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  summary: string;
  details?: unknown;
}

export interface FaultRunReport {
  tag: string;
  options: Omit<FaultSuiteOptions, 'log'>;
  startedAt: string;
  durationMs: number;
  payments: {
    started: number;
    acked: number;
    rejected: number;
    unanswered: number;
    workOrder: number;
    patient: number;
  };
  attempts: number;
  answers: Record<string, number>;
  fivexx: Record<string, number>;
  faults: FaultTiming[];
  unexpectedExits: { service: string; during: string; lastLines: string[] }[];
  checks: CheckResult[];
  logDir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` answers true or the time is up; returns the last value either way (never throws). */
async function until<T>(
  check: () => Promise<{ done: boolean; value: T }>,
  timeoutMs: number,
  intervalMs = 500,
): Promise<{ done: boolean; value: T | undefined; error?: unknown }> {
  const deadline = Date.now() + timeoutMs;
  let last: { done: boolean; value: T | undefined; error?: unknown } = { done: false, value: undefined };
  for (;;) {
    try {
      const r = await check();
      last = { done: r.done, value: r.value };
      if (r.done) return last;
    } catch (e) {
      last = { done: false, value: last.value, error: e };
    }
    if (Date.now() >= deadline) return last;
    await sleep(intervalMs);
  }
}

/** A copy of dist/ of our own: another test file's build (which deletes dist/ first) cannot pull it from under a restart. */
async function snapshotDist(into: string, log: (l: string) => void): Promise<string> {
  const lock = join(repoRoot, '.data/e2e-build.lock');
  mkdirSync(join(repoRoot, '.data'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && (Date.now() > deadline || Date.now() - since > 180_000)) {
        rmdirSync(lock);
        continue;
      }
      await sleep(500);
    }
  }
  try {
    const why = distOutdated();
    if (why) {
      log(`building dist/: ${why}`);
      execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    }
    const root = join(into, 'app');
    mkdirSync(root);
    cpSync(join(repoRoot, 'dist'), join(root, 'dist'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    return root;
  } finally {
    rmdirSync(lock);
  }
}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function api(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

/** A setup call that may meet a copy not yet fed by events (404) or a slow start (503): retried until 2xx. */
async function setupCall(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const r = await until(
    async () => {
      const res = await api(baseUrl, token, method, path, body, headers);
      if (res.status >= 400 && ![404, 409, 503].includes(res.status))
        throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return { done: res.status < 300, value: res };
    },
    30_000,
    250,
  );
  if (!r.done)
    throw new Error(`${method} ${path} never succeeded: ${JSON.stringify(r.value?.body ?? String(r.error))}`);
  return r.value!.body;
}

const HALF_UP_BANK_COST = (enteredMinor: bigint, percent: string) => {
  // percent with 2 decimals: cost = entered × p / 100, half-up to the cent
  const scaled = BigInt(percent.replace('.', '')); // "2.50" -> 250 (per 10,000)
  return (enteredMinor * scaled + 5_000n) / 10_000n;
};

/** Runs the scenario; always tears down every process and private server it started, even on failure. */
export async function runFaultSuite(options: FaultSuiteOptions): Promise<FaultRunReport> {
  const { log } = options;
  const tag = randomBytes(4).toString('hex');
  const busPrefix = `f${tag}`;
  const logDir = join(repoRoot, '.data/test-logs', `faults-${tag}`);
  const work = mkdtempSync(join(tmpdir(), 'dental-faults-run-'));
  const started = Date.now();
  const cleanups: (() => Promise<void>)[] = [];
  const report: FaultRunReport = {
    tag,
    options: { ...options, log: undefined } as unknown as Omit<FaultSuiteOptions, 'log'>,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    payments: { started: 0, acked: 0, rejected: 0, unanswered: 0, workOrder: 0, patient: 0 },
    attempts: 0,
    answers: {},
    fivexx: {},
    faults: [],
    unexpectedExits: [],
    checks: [],
    logDir,
  };
  delete (report.options as { log?: unknown }).log;
  try {
    // ---- private servers
    const pg = await PrivatePostgres.create({ parentDir: tmpdir(), log });
    cleanups.push(() => pg.destroy());
    await pg.start();
    const nats = await PrivateNats.create({ parentDir: tmpdir(), log });
    cleanups.push(() => nats.destroy());
    await nats.start();
    log(`private PostgreSQL :${pg.port} (${pg.dir}), NATS :${nats.port} (${nats.dir})`);

    // ---- the stack
    const root = await snapshotDist(work, log);
    const admin = { email: 'admin@example.com', password: randomBytes(12).toString('base64url') };
    const jwtSecret = randomBytes(32).toString('hex');
    const ports = await freePorts(SERVICE_NAMES.length + 2);
    const env = (service: ServiceName, port: number): NodeJS.ProcessEnv => ({
      DATABASE_URL: pg.url(`test_${tag}_${service.replace(/-/g, '_')}`),
      NATS_URL: nats.url(),
      BUS_PREFIX: busPrefix,
      PORT: String(port),
      MIGRATE_ON_START: 'true',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      RPC_TIMEOUT_MS: String(options.rpcTimeoutMs),
      // no e-mail server here: deliveries that would need one are not part of this suite
      ...(service === 'gateway'
        ? {
            JWT_SECRET: jwtSecret,
            ADMIN_EMAIL: admin.email,
            ADMIN_PASSWORD: admin.password,
            ORGANIZATION_NAME: 'Fault Chain',
            LOGIN_RATE_LIMIT: '1000',
          }
        : {}),
    });
    const envs = new Map(SERVICE_NAMES.map((s, i) => [s, env(s, ports[i])] as const));
    const stack = new LocalStack({
      root,
      services: SERVICE_NAMES,
      env: (s) => envs.get(s)!,
      logDir,
      readyTimeoutMs: 120_000,
    });
    cleanups.unshift(() => stack.stop());
    const replicaServices: ServiceName[] = ['reporting', 'notifications'];
    const replicaEnvs = new Map(replicaServices.map((s, i) => [s, env(s, ports[SERVICE_NAMES.length + i])] as const));
    const replicas = new LocalStack({
      root,
      services: replicaServices,
      env: (s) => replicaEnvs.get(s)!,
      logDir: join(logDir, 'replica-2'),
      readyTimeoutMs: 120_000,
    });
    cleanups.unshift(() => replicas.stop());
    let replicasStarted = false;
    const t0 = Date.now();
    await stack.start();
    log(`stack ready in ${Date.now() - t0} ms; logs in ${logDir}`);
    const gatewayUrl = stack.url('gateway');

    // ---- the organization: two clinics (bank charge 2.50 % and 0 % = typed), labs, work orders, patients
    const login = await until(async () => {
      const r = await api(gatewayUrl, undefined, 'POST', '/auth/login', admin);
      return { done: r.status === 200, value: r };
    }, 30_000);
    if (!login.done) throw new Error(`login failed: ${JSON.stringify(login.value?.body)}`);
    const token: string = login.value!.body.accessToken;
    const date = new Date().toISOString().slice(0, 10);
    const clinics: { id: string; percent: string }[] = [];
    for (const [name, percent] of [
      ['Fault Clinic A', '2.5'],
      ['Fault Clinic B', '0'],
    ] as const) {
      const c = await setupCall(gatewayUrl, token, 'POST', '/clinics', {
        name,
        currency: 'EUR',
        timeZone: 'UTC',
        locale: 'en',
      });
      const s = await setupCall(gatewayUrl, token, 'PUT', `/clinics/${c.id}/payment-settings`, {
        bankChargePercent: percent,
      });
      clinics.push({ id: c.id, percent: s.bankChargePercent });
    }
    const labs: string[] = [];
    for (const name of ['Fault Lab 1', 'Fault Lab 2'])
      labs.push((await setupCall(gatewayUrl, token, 'POST', '/labs', { name })).id);
    const targets: PaymentTarget[] = [];
    for (const [ci, clinic] of clinics.entries()) {
      for (let w = 0; w < 3; w++) {
        const labId = labs[(ci + w) % labs.length];
        const wo = await setupCall(
          gatewayUrl,
          token,
          'POST',
          '/work-orders',
          {
            clinicId: clinic.id,
            labId,
            description: `fault run ${tag} order ${ci}-${w}`,
            documentedDate: date,
            paymentPlan: { totalAmount: '1000000.00', paymentMethod: 'bank_transfer', dueDate: date },
          },
          { 'idempotency-key': `${tag}-setup-wo-${ci}-${w}` },
        );
        targets.push({ kind: 'work-order', id: wo.id, clinicId: clinic.id, labId });
      }
      for (let p = 0; p < 3; p++) {
        const patient = await setupCall(gatewayUrl, token, 'POST', '/patients', {
          clinicId: clinic.id,
          firstName: `Fault${ci}`,
          lastName: `Patient${p}`,
        });
        targets.push({ kind: 'patient', id: patient.id, clinicId: clinic.id, bankChargePercent: clinic.percent });
      }
    }
    // payments reads patients and work orders synchronously; wait until each answers through the gateway
    for (const t of targets)
      await setupCall(gatewayUrl, token, 'GET', t.kind === 'patient' ? `/patients/${t.id}` : `/work-orders/${t.id}`);
    log(
      `organization ready: ${clinics.length} clinics (${clinics.map((c) => c.percent).join(', ')} %), ${targets.length} targets`,
    );

    // ---- clients
    const attempts: Attempt[] = [];
    const successes: { startedAt: number; answeredAt: number }[] = [];
    const onAttempt = (a: Attempt) => {
      attempts.push(a);
      if (a.status >= 200 && a.status < 300) successes.push({ startedAt: a.startedAt, answeredAt: a.answeredAt });
    };
    const clients = new PaymentClients({
      baseUrl: () => gatewayUrl,
      token,
      clients: options.clients,
      targets,
      date,
      runTag: tag,
      timeoutMs: 5_000,
      thinkMs: options.thinkMs,
      backoffMs: 100,
      abandonAfterStopMs: 60_000,
      onAttempt,
    });
    const clientsStarted = Date.now();
    clients.start();
    let clientsStopped = false;
    cleanups.unshift(async () => {
      if (!clientsStopped) await clients.stop();
    });

    const allUrls = () => [
      ...SERVICE_NAMES.map((s) => stack.url(s)),
      ...(replicasStarted ? replicaServices.map((s) => replicas.url(s)) : []),
    ];
    const everyoneReady = async () => (await Promise.all(allUrls().map(ready))).every(Boolean);
    /** Any service that died on its own is noted and started again, so the run goes on. */
    const reviveExited = async (during: string, except?: ServiceName) => {
      for (const [st, list] of [
        [stack, SERVICE_NAMES],
        [replicas, replicasStarted ? replicaServices : []],
      ] as const) {
        for (const s of list) {
          if (s === except || st.isRunning(s)) continue;
          report.unexpectedExits.push({ service: s, during, lastLines: st.lines(s).slice(-5) });
          log(`!! ${s} exited on its own during ${during}; starting it again`);
          await st.startService(s).catch((e) => log(`!! ${s} did not start again: ${(e as Error).message}`));
        }
      }
    };
    const recoveredAfter = async (restartAt: number, timing: FaultTiming, urls: () => string[]) => {
      const r = await until(
        async () => ({ done: (await Promise.all(urls().map(ready))).every(Boolean), value: 0 }),
        120_000,
        200,
      );
      const readyAt = Date.now();
      timing.readyMs = r.done ? readyAt - restartAt : null;
      const s = await until(
        async () => {
          const hit = successes.find((x) => x.startedAt >= restartAt);
          return { done: !!hit, value: hit };
        },
        120_000,
        100,
      );
      timing.recoveryMs = r.done && s.done ? Math.max(readyAt, s.value!.answeredAt) - restartAt : null;
    };

    // ---- faults, one after the other
    for (const fault of options.faults) {
      await sleep(options.gapMs);
      const timing: FaultTiming = {
        fault,
        startedAt: new Date().toISOString(),
        downMs: 0,
        readyMs: null,
        recoveryMs: null,
      };
      report.faults.push(timing);
      const faultAt = Date.now();
      log(`fault: ${fault}`);
      try {
        if (fault.startsWith('kill:')) {
          const service = fault.slice(5) as ServiceName;
          await stack.kill(service, 'SIGKILL');
          await sleep(options.serviceDownMs);
          const restartAt = Date.now();
          timing.downMs = restartAt - faultAt;
          await stack.startService(service);
          await recoveredAfter(restartAt, timing, () => [stack.url(service)]);
        } else if (fault === 'nats') {
          await nats.kill('SIGKILL');
          await sleep(options.natsDownMs);
          const restartAt = Date.now();
          timing.downMs = restartAt - faultAt;
          await nats.start();
          await recoveredAfter(restartAt, timing, allUrls);
        } else if (fault === 'postgres' || fault === 'postgres-long') {
          await pg.stopImmediate();
          await sleep(fault === 'postgres' ? options.pgOutageMs : options.longPgOutageMs);
          const restartAt = Date.now();
          timing.downMs = restartAt - faultAt;
          await pg.start();
          await recoveredAfter(restartAt, timing, allUrls);
        } else if (fault === 'replicas') {
          await replicas.start();
          replicasStarted = true;
          timing.readyMs = Date.now() - faultAt;
          await recoveredAfter(faultAt, timing, allUrls);
        }
      } catch (e) {
        timing.error = (e as Error).message;
        log(`!! fault ${fault}: ${timing.error}`);
      }
      await reviveExited(fault);
      log(`  ${fault}: down ${timing.downMs} ms, ready ${timing.readyMs} ms, recovered ${timing.recoveryMs} ms`);
    }
    const minEnd = clientsStarted + options.minDurationMs;
    while (Date.now() < minEnd) {
      await sleep(Math.min(5_000, minEnd - Date.now()));
      await reviveExited('the quiet end of the run');
    }
    // a last quiet stretch so the clients' payments after the last fault are part of the run
    await sleep(options.gapMs);
    log('stopping the clients');
    await clients.stop();
    clientsStopped = true;
    const clientsStopped0 = Date.now();

    // ---- settle
    const settled = await until(async () => ({ done: await everyoneReady(), value: 0 }), options.settleTimeoutMs);
    if (!settled.done) log('!! not every service is ready after the run');
    await reviveExited('settling');

    // check 1 (first half): every key without a 2xx, once more with the same key
    const records = [...clients.records.values()];
    const unanswered = records.filter((r) => !r.acked);
    const finalAnswers: { key: string; status: number; code?: string }[] = [];
    for (const r of unanswered) {
      // "once": one request, but a network blip / 503 while the system is settled is itself recorded
      await until(
        async () => ({
          done: await attemptOnce({ baseUrl: () => gatewayUrl, token, timeoutMs: 10_000 }, r, 'final', onAttempt),
          value: 0,
        }),
        30_000,
        500,
      );
      finalAnswers.push({ key: r.key, status: r.last!.status, code: r.last!.code });
    }
    const runAttempts = attempts.filter((a) => a.phase === 'run');
    const finalAttempts = attempts.filter((a) => a.phase === 'final');

    // ---- numbers of the run
    const tally = (list: Attempt[], pick: (a: Attempt) => string | undefined) => {
      const out: Record<string, number> = {};
      for (const a of list) {
        const k = pick(a);
        if (k) out[k] = (out[k] ?? 0) + 1;
      }
      return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
    };
    report.attempts = attempts.length;
    report.answers = tally(attempts, (a) => (a.status === 0 ? a.code : `${a.status}${a.code ? ' ' + a.code : ''}`));
    report.fivexx = tally(attempts, (a) => (a.status >= 500 ? `${a.status} ${a.code ?? ''}`.trim() : undefined));
    report.payments = {
      started: records.length,
      acked: records.filter((r) => r.acked).length,
      rejected: records.filter((r) => !r.acked && r.rejected).length,
      unanswered: records.filter((r) => !r.acked && !r.rejected).length,
      workOrder: records.filter((r) => r.acked && r.target.kind === 'work-order').length,
      patient: records.filter((r) => r.acked && r.target.kind === 'patient').length,
    };
    const acked = records.filter((r) => r.acked);
    const checks = report.checks;

    // check 1: the payments database holds exactly what was acknowledged
    const payDb = new Client({ connectionString: pg.url(`test_${tag}_payments`) });
    await payDb.connect();
    cleanups.unshift(() => payDb.end().catch(() => undefined));
    const stored = (
      await payDb.query<{ id: string; kind: string; target: string; key: string | null; amount: string }>(
        `select id, 'work-order' as kind, work_order_id as target, reference as key, amount_minor::text as amount
           from work_order_payment where deleted_at is null
         union all
         select id, 'patient', patient_id, note, amount_minor::text from patient_payment where deleted_at is null`,
      )
    ).rows;
    {
      const storedById = new Map(stored.map((s) => [s.id, s]));
      const storedByKey = new Map<string, typeof stored>();
      for (const s of stored) storedByKey.set(s.key ?? '(none)', [...(storedByKey.get(s.key ?? '(none)') ?? []), s]);
      const ackedIds = new Set(acked.map((r) => r.acked!.id));
      const doubledKeys = [...storedByKey.entries()].filter(([, rows]) => rows.length > 1);
      const lost = acked.filter((r) => !storedById.has(r.acked!.id));
      const notAcked = stored.filter((s) => !ackedIds.has(s.id));
      const strandedKeys = records.filter((r) => !r.acked && (storedByKey.get(r.key)?.length ?? 0) > 0);
      const twoIdsForOneKey = records.filter((r) => r.ackedIds.length > 1);
      const wrongAmount = acked.filter((r) => {
        const s = storedById.get(r.acked!.id);
        return s && BigInt(s.amount) !== cents(r.acked!.amount);
      });
      const perTarget: { target: string; stored: number; acked: number }[] = [];
      const targetIds = new Set(records.map((r) => r.target.id));
      for (const id of targetIds) {
        const s = stored.filter((x) => x.target === id).length;
        const a = acked.filter((r) => r.target.id === id).length;
        if (s !== a) perTarget.push({ target: id, stored: s, acked: a });
      }
      const notOurs = stored.filter((s) => !clients.records.has(s.key ?? ''));
      const finalBad = finalAnswers.filter((f) => !(f.status >= 200 && f.status < 500));
      const extra = doubledKeys.reduce((n, [, rows]) => n + rows.length - 1, 0);
      checks.push({
        name: '1. stored payments = acknowledged payments (0 doubled, 0 lost)',
        ok:
          doubledKeys.length === 0 &&
          lost.length === 0 &&
          notAcked.length === 0 &&
          twoIdsForOneKey.length === 0 &&
          wrongAmount.length === 0 &&
          perTarget.length === 0 &&
          notOurs.length === 0 &&
          finalBad.length === 0,
        summary:
          `stored ${stored.length}, acked ${acked.length}; doubled keys ${doubledKeys.length} (${extra} extra records), ` +
          `lost ${lost.length}, stored but never acked ${notAcked.length} (of keys that ended 4xx: ${strandedKeys.length}), ` +
          `one key answered two ids ${twoIdsForOneKey.length}, wrong amount ${wrongAmount.length}, ` +
          `targets with other counts ${perTarget.length}; final retry of ${unanswered.length} keys without a 2xx: ` +
          `${JSON.stringify(tallyOf(finalAnswers.map((f) => `${f.status}${f.code ? ' ' + f.code : ''}`)))}`,
        details: {
          doubledKeys: doubledKeys.slice(0, 20).map(([k, rows]) => ({ key: k, ids: rows.map((r) => r.id) })),
          lost: lost.slice(0, 20).map((r) => ({ key: r.key, id: r.acked!.id })),
          strandedKeys: strandedKeys.slice(0, 20).map((r) => ({ key: r.key, rejected: r.rejected })),
          perTarget: perTarget.slice(0, 20),
          finalBad: finalBad.slice(0, 20),
        },
      });
    }

    // check 2: no key stuck "in progress"
    {
      const stuck = finalAnswers.filter((f) => f.code === 'IDEMPOTENCY.IN_PROGRESS');
      const duringRun = runAttempts.filter((a) => a.code === 'IDEMPOTENCY.IN_PROGRESS');
      const endedInProgress = records.filter((r) => r.last?.code === 'IDEMPOTENCY.IN_PROGRESS');
      checks.push({
        name: '2. no key answers 409 IDEMPOTENCY.IN_PROGRESS at the end',
        ok: endedInProgress.length === 0,
        summary: `${endedInProgress.length} keys still IN_PROGRESS after the final retry (${stuck.length} in the final retry); ${duringRun.length} IN_PROGRESS answers during the run`,
        details: endedInProgress.slice(0, 20).map((r) => r.key),
      });
    }

    // check 3: no 500 during the whole run
    {
      const five00 = attempts.filter((a) => a.status === 500);
      checks.push({
        name: '3. 0 answers with status 500 (503 allowed during faults)',
        ok: five00.length === 0,
        summary: `500: ${five00.length}; 5xx by status and code: ${JSON.stringify(report.fivexx)}; final-phase 5xx: ${finalAttempts.filter((a) => a.status >= 500).length}`,
        details: tally(five00, (a) => a.code),
      });
    }

    // check 4: no dead letter (BusNaming: `<PREFIX>_DEAD_LETTERS`)
    {
      const stream = `${busPrefix.toUpperCase()}_DEAD_LETTERS`;
      let messages = 0;
      let subjects: Record<string, number> = {};
      let note = '';
      const nc = await connect({ servers: nats.url(), timeout: 5000 });
      try {
        const jsm = await nc.jetstreamManager();
        try {
          const info = await jsm.streams.info(stream, { subjects_filter: '>' });
          messages = info.state.messages;
          subjects = (info.state.subjects as Record<string, number> | undefined) ?? {};
        } catch (e) {
          note = ` (stream ${stream}: ${(e as Error).message})`;
        }
      } finally {
        await nc.close();
      }
      checks.push({
        name: '4. no dead letter',
        ok: messages === 0,
        summary: `${stream} holds ${messages} messages${note}`,
        details: subjects,
      });
    }

    // check 5: receipt numbers per clinic gapless 1..n
    {
      const rows = (
        await payDb.query<{ clinic_id: string; n: string; max: string; distinct_n: string; min: string }>(
          `select clinic_id, count(*)::text as n, count(distinct receipt_seq)::text as distinct_n,
                  min(receipt_seq)::text as min, max(receipt_seq)::text as max
             from patient_payment group by clinic_id`,
        )
      ).rows;
      const bad = rows.filter((r) => !(r.min === '1' && r.max === r.n && r.distinct_n === r.n));
      checks.push({
        name: '5. receipt numbers per clinic gapless 1..n',
        ok: bad.length === 0,
        summary:
          rows.map((r) => `clinic ${r.clinic_id.slice(0, 8)}: ${r.n} receipts, ${r.min}..${r.max}`).join('; ') ||
          'no receipts',
        details: bad,
      });
    }

    // check 6: one Bank Cost treatment per card payment with a bank cost
    {
      const cardWithCost = (
        await payDb.query<{ id: string; cost: string; entered: string; clinic_id: string }>(
          `select id, bank_cost_minor::text as cost, entered_minor::text as entered, clinic_id from patient_payment
            where deleted_at is null and payment_type = 'card' and bank_cost_minor > 0`,
        )
      ).rows;
      const paDb = new Client({ connectionString: pg.url(`test_${tag}_patient_accounts`) });
      await paDb.connect();
      try {
        const r = await until(
          async () => {
            const t = (
              await paDb.query<{ source: string; n: string; amount: string }>(
                `select source_payment_id as source, count(*)::text as n, max(amount_minor)::text as amount from treatment
                  where source_payment_id is not null and deleted_at is null group by source_payment_id`,
              )
            ).rows;
            const bySource = new Map(t.map((x) => [x.source, x]));
            const missing = cardWithCost.filter((p) => !bySource.has(p.id));
            const wrong = cardWithCost.filter(
              (p) => bySource.get(p.id) && (bySource.get(p.id)!.n !== '1' || bySource.get(p.id)!.amount !== p.cost),
            );
            const stray = t.filter((x) => !cardWithCost.some((p) => p.id === x.source));
            return {
              done: !missing.length && !wrong.length && !stray.length,
              value: { missing, wrong, stray, treatments: t.length },
            };
          },
          options.settleTimeoutMs,
          1000,
        );
        // the percentage clinic: bank cost = entered × 2.50 %, half up
        const pct = clinics.find((c) => Number(c.percent) > 0);
        const miscomputed = pct
          ? cardWithCost.filter(
              (p) => p.clinic_id === pct.id && BigInt(p.cost) !== HALF_UP_BANK_COST(BigInt(p.entered), pct.percent),
            )
          : [];
        const v = r.value ?? { missing: [], wrong: [], stray: [], treatments: 0 };
        checks.push({
          name: '6. one Bank Cost treatment per card payment with a bank cost',
          ok: r.done && miscomputed.length === 0,
          summary: `${cardWithCost.length} card payments with a bank cost, ${v.treatments} Bank Cost treatments; missing ${v.missing.length}, wrong count/amount ${v.wrong.length}, without a live payment ${v.stray.length}, bank cost not ${pct?.percent} % ${miscomputed.length}${r.error ? `; last error ${(r.error as Error).message}` : ''}`,
          details: { missing: v.missing.slice(0, 10), wrong: v.wrong.slice(0, 10), stray: v.stray.slice(0, 10) },
        });
      } finally {
        await paDb.end();
      }
    }

    // check 7: read models = acknowledged payments, to the cent (and, to tell a projection's error from a storage
    // one, the same views against the records the payments database holds)
    {
      interface Money {
        target: string;
        kind: 'work-order' | 'patient';
        paymentType?: string;
        amount: bigint;
        bankCost: bigint;
      }
      const targetOf = new Map(targets.map((t) => [t.id, t]));
      const fromAcked: Money[] = acked.map((r) => ({
        target: r.target.id,
        kind: r.target.kind,
        paymentType: r.body.paymentType,
        amount: cents(r.acked!.amount),
        bankCost: r.acked!.bankCost ? cents(r.acked!.bankCost) : 0n,
      }));
      const storedRows = (
        await payDb.query<{
          kind: 'work-order' | 'patient';
          target: string;
          type: string | null;
          amount: string;
          cost: string;
        }>(
          `select 'work-order' as kind, work_order_id as target, null as type, amount_minor::text as amount, '0' as cost
             from work_order_payment where deleted_at is null
           union all
           select 'patient', patient_id, payment_type, amount_minor::text, coalesce(bank_cost_minor, 0)::text
             from patient_payment where deleted_at is null`,
        )
      ).rows;
      const fromStored: Money[] = storedRows.map((s) => ({
        target: s.target,
        kind: s.kind,
        paymentType: s.type ?? undefined,
        amount: BigInt(s.amount),
        bankCost: BigInt(s.cost),
      }));
      const woTargets = targets.filter((t) => t.kind === 'work-order');
      const patientTargets = targets.filter((t) => t.kind === 'patient');
      const expectedOf = (money: Money[]) => {
        const sum = (ms: Money[]) => decimal(ms.reduce((s, m) => s + m.amount, 0n));
        const of = (pred: (m: Money) => boolean) => money.filter(pred);
        return {
          workOrders: Object.fromEntries(woTargets.map((t) => [t.id, sum(of((m) => m.target === t.id))])),
          woCounts: Object.fromEntries(woTargets.map((t) => [t.id, of((m) => m.target === t.id).length])),
          labs: Object.fromEntries(labs.map((l) => [l, sum(of((m) => targetOf.get(m.target)?.labId === l))])),
          patients: Object.fromEntries(patientTargets.map((t) => [t.id, sum(of((m) => m.target === t.id))])),
          book: Object.fromEntries(
            clinics.map((c) => {
              const mine = of((m) => targetOf.get(m.target)?.clinicId === c.id);
              const pats = mine.filter((m) => m.kind === 'patient');
              return [
                c.id,
                {
                  cash: sum(pats.filter((m) => m.paymentType === 'cash')),
                  card: sum(pats.filter((m) => m.paymentType === 'card')),
                  bankExpenses: decimal(pats.reduce((s, m) => s + m.bankCost, 0n)),
                  labPayments: sum(mine.filter((m) => m.kind === 'work-order')),
                },
              ];
            }),
          ),
        };
      };
      type Expected = ReturnType<typeof expectedOf>;
      type Answer = Awaited<ReturnType<typeof api>>;
      type Views = {
        labs: Answer;
        workOrders: Answer;
        details: Map<string, Answer>;
        book: Map<string, Answer>;
        accounts: Map<string, Answer>;
      };
      const readViews = async (): Promise<Views> => {
        const v: Views = {
          labs: await api(gatewayUrl, token, 'GET', '/finance/labs'),
          workOrders: await api(gatewayUrl, token, 'GET', '/finance/work-orders?pageSize=500'),
          details: new Map(),
          book: new Map(),
          accounts: new Map(),
        };
        for (const t of woTargets) v.details.set(t.id, await api(gatewayUrl, token, 'GET', `/work-orders/${t.id}`));
        for (const c of clinics)
          v.book.set(
            c.id,
            await api(
              gatewayUrl,
              token,
              'GET',
              `/reports/account-book?clinicId=${c.id}&from=${date}&to=${date}&groupBy=day`,
            ),
          );
        for (const t of patientTargets)
          v.accounts.set(t.id, await api(gatewayUrl, token, 'GET', `/patients/${t.id}/account`));
        return v;
      };
      const compare = (v: Views, expected: Expected): string[] => {
        const mismatches: string[] = [];
        const short = (id: string) => id.slice(0, 8);
        if (v.labs.status !== 200) mismatches.push(`finance/labs answered ${v.labs.status}`);
        else
          for (const l of labs) {
            const row = v.labs.body.items.find((i: { labId: string }) => i.labId === l);
            if ((row?.paidAmount ?? '0.00') !== expected.labs[l])
              mismatches.push(`finance/labs ${short(l)}: ${row?.paidAmount} ≠ ${expected.labs[l]}`);
          }
        if (v.workOrders.status !== 200) mismatches.push(`finance/work-orders answered ${v.workOrders.status}`);
        else
          for (const t of woTargets) {
            const row = v.workOrders.body.items.find((i: { workOrderId: string }) => i.workOrderId === t.id);
            if (row?.paidAmount !== expected.workOrders[t.id])
              mismatches.push(`finance/work-orders ${short(t.id)}: ${row?.paidAmount} ≠ ${expected.workOrders[t.id]}`);
          }
        for (const t of woTargets) {
          const d = v.details.get(t.id)!;
          if (d.status !== 200) {
            mismatches.push(`work-orders/${short(t.id)} answered ${d.status}`);
            continue;
          }
          if (d.body.paidAmount !== expected.workOrders[t.id])
            mismatches.push(
              `work-orders/${short(t.id)} paidAmount ${d.body.paidAmount} ≠ ${expected.workOrders[t.id]}`,
            );
          const live = (d.body.payments as { deleted?: boolean }[]).filter((p) => !p.deleted).length;
          if (live !== expected.woCounts[t.id])
            mismatches.push(`work-orders/${short(t.id)} ${live} payments ≠ ${expected.woCounts[t.id]}`);
        }
        for (const c of clinics) {
          const b = v.book.get(c.id)!;
          if (b.status !== 200) {
            mismatches.push(`account-book ${short(c.id)} answered ${b.status}`);
            continue;
          }
          const e = expected.book[c.id];
          const got = b.body.totals;
          const actual = {
            cash: got.receivedByType.cash,
            card: got.receivedByType.card,
            bankExpenses: got.bankExpenses,
            labPayments: got.labPayments,
          };
          for (const k of Object.keys(e) as (keyof typeof e)[])
            if (actual[k] !== e[k]) mismatches.push(`account-book ${short(c.id)} ${k}: ${actual[k]} ≠ ${e[k]}`);
        }
        for (const t of patientTargets) {
          const a = v.accounts.get(t.id)!;
          if (a.status !== 200) mismatches.push(`patients/${short(t.id)}/account answered ${a.status}`);
          else if (a.body.summary.receivedTotal !== expected.patients[t.id])
            mismatches.push(
              `patients/${short(t.id)}/account receivedTotal ${a.body.summary.receivedTotal} ≠ ${expected.patients[t.id]}`,
            );
        }
        return mismatches;
      };
      const ackedExpected = expectedOf(fromAcked);
      const storedExpected = expectedOf(fromStored);
      let lastViews: Views | undefined;
      const r = await until(
        async () => {
          lastViews = await readViews();
          const m = compare(lastViews, ackedExpected);
          // when storage itself is off, waiting for the views to agree with the acks is pointless once they agree
          // with what is stored
          const settledOnStored = compare(lastViews, storedExpected).length === 0;
          return { done: m.length === 0 || (settledOnStored && Date.now() - clientsStopped0 > 15_000), value: m };
        },
        options.settleTimeoutMs,
        1000,
      );
      const vsStored = lastViews ? compare(lastViews, storedExpected) : ['no views read'];
      const vsAcked = r.value ?? ['no views read'];
      checks.push({
        name: '7. read models = acknowledged payments to the cent',
        ok: vsAcked.length === 0,
        summary:
          (vsAcked.length === 0
            ? `Finance labs/work orders, work-order details, Account Book and ${patientTargets.length} account views agree`
            : `${vsAcked.length} mismatches with the acknowledged payments: ${vsAcked.slice(0, 6).join('; ')}`) +
          ` | against the stored records: ${vsStored.length} mismatches${vsStored.length ? ': ' + vsStored.slice(0, 4).join('; ') : ''}` +
          (r.error ? `; last error ${(r.error as Error).message}` : ''),
        details: { vsAcked, vsStored },
      });
    }

    // the answers of the whole run, one line each, next to the services' logs
    mkdirSync(logDir, { recursive: true });
    writeFileSync(join(logDir, 'answers.jsonl'), attempts.map((a) => JSON.stringify(a)).join('\n') + '\n');
    return report;
  } finally {
    for (const c of cleanups) {
      try {
        await c();
      } catch (e) {
        log(`cleanup: ${(e as Error).message}`);
      }
    }
    rmSync(work, { recursive: true, force: true });
    report.durationMs = Date.now() - started;
  }
}

function tallyOf(list: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of list) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** The summary table (text) and its JSON in .data/faults/last-run.json. */
export function writeSummary(report: FaultRunReport): string {
  const lines: string[] = [];
  const row = (...cells: (string | number | null)[]) => lines.push(cells.map((c) => String(c ?? '—')).join(' | '));
  lines.push(`fault run ${report.tag}: ${Math.round(report.durationMs / 1000)} s, logs ${report.logDir}`);
  lines.push(
    `payments: ${report.payments.started} started, ${report.payments.acked} acked (${report.payments.workOrder} work-order, ${report.payments.patient} patient), ` +
      `${report.payments.rejected} ended 4xx, ${report.payments.unanswered} unanswered; ${report.attempts} attempts`,
  );
  lines.push(`answers: ${JSON.stringify(report.answers)}`);
  lines.push(`5xx by status/code: ${JSON.stringify(report.fivexx)}`);
  lines.push('fault | down ms | ready ms | recovery ms | error');
  for (const f of report.faults) row(f.fault, f.downMs, f.readyMs, f.recoveryMs, f.error ?? '');
  if (report.unexpectedExits.length)
    lines.push(
      `services that exited on their own: ${report.unexpectedExits.map((e) => `${e.service} (during ${e.during})`).join(', ')}`,
    );
  lines.push('check | ok | numbers');
  for (const c of report.checks) row(c.name, c.ok ? 'PASS' : 'FAIL', c.summary);
  const dir = join(repoRoot, '.data/faults');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'last-run.json'), JSON.stringify(report, null, 2) + '\n');
  return lines.join('\n');
}
