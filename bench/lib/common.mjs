// Shared by the bench scripts: the bench world (databases bench_<service>, bus prefix `bench`), a private copy of
// the built services, the stack as processes, login, timing and machine facts. Plain Node ESM: the compiled libs
// are CommonJS, loaded with require from the copy in .data/bench/root/dist.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const require = createRequire(join(ROOT, 'package.json'));
const pg = require('pg');
export const nats = require('nats');

/** The services run from a copy of dist/, so a colleague's `npm run build` (which deletes dist/) cannot pull the
 * files from under a running bench. Inside the repo, so node_modules resolves as usual. */
export const RUN_ROOT = join(ROOT, '.data/bench/root');
export const LOG_DIR = join(ROOT, '.data/bench/logs');
export const RESULTS_DIR = join(ROOT, 'bench/results');

export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const BUS_PREFIX = 'bench';
export const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' };
// The bench world is local and throw-away; a fixed secret lets every script log in to the same gateway database.
const JWT_SECRET = 'bench-only-jwt-secret-not-for-any-real-use-0123456789';
export const SOURCE_DB = 'bench_source';
export const ALL_SERVICES = ['gateway', 'patient-accounts', 'work-orders', 'payments', 'reporting', 'notifications'];

export const dbName = (service) => `bench_${service.replace(/[^a-z0-9]+/gi, '_')}`.toLowerCase();

export function databaseUrl(database) {
  if (!/^bench_[a-z0-9_]+$/.test(database))
    throw new Error(`refusing database "${database}": bench databases start with bench_`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function client(database = 'postgres') {
  const c = new pg.Client({ connectionString: database === 'postgres' ? SERVER_URL : databaseUrl(database) });
  await c.connect();
  return c;
}

/** One statement on a fresh connection. */
export async function query(database, sql, params) {
  const c = await client(database);
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export async function databaseExists(database) {
  return (await query('postgres', 'select 1 from pg_database where datname = $1', [database])).length === 1;
}

export async function dropBenchDatabases() {
  const names = (await query('postgres', "select datname from pg_database where datname like 'bench\\_%'")).map(
    (r) => r.datname,
  );
  for (const name of names) {
    databaseUrl(name); // the guard
    await query('postgres', `drop database "${name}" with (force)`);
  }
  return names;
}

export async function deleteBenchStreams() {
  const nc = await nats.connect({ servers: NATS_URL });
  const deleted = [];
  try {
    const jsm = await nc.jetstreamManager();
    for await (const s of jsm.streams.list()) {
      if (s.config.name.startsWith(`${BUS_PREFIX.toUpperCase()}_`)) {
        await jsm.streams.delete(s.config.name);
        deleted.push(s.config.name);
      }
    }
  } finally {
    await nc.close();
  }
  return deleted;
}

/** Copies dist/ (building it only when there is none) into RUN_ROOT/dist. */
export function snapshotDist() {
  const complete = (dir) => ALL_SERVICES.every((s) => existsSync(join(dir, 'apps', s, 'src/main.js')));
  const dist = join(ROOT, 'dist');
  if (!existsSync(dist)) {
    log('dist/ is missing: building it once (node scripts/build.mjs)');
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }
  if (!complete(dist)) throw new Error('dist/ is incomplete (a build is running?); try again in a minute');
  const target = join(RUN_ROOT, 'dist');
  // BENCH_KEEP_DIST=1: run the copy as it is (e.g. patched for an experiment) instead of copying dist/ again
  if (process.env.BENCH_KEEP_DIST === '1' && complete(target)) return target;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(RUN_ROOT, { recursive: true });
  cpSync(dist, target, { recursive: true });
  if (!complete(target)) throw new Error('dist/ changed while it was copied; try again');
  return target;
}

export const requireDist = (path) => require(join(RUN_ROOT, 'dist', path));

export async function freePorts(n) {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((res, rej) => {
          const s = createServer();
          s.once('error', rej);
          s.listen(0, '127.0.0.1', () => res(s));
        }),
    ),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** The environment of one bench service process. */
export function serviceEnv(service, port, extra = {}) {
  return {
    DATABASE_URL: databaseUrl(dbName(service)),
    NATS_URL,
    BUS_PREFIX,
    PORT: String(port),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    MIGRATE_ON_START: 'true',
    ...(service === 'gateway'
      ? {
          JWT_SECRET,
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          ORGANIZATION_NAME: 'Bench Dental Group',
          RPC_TIMEOUT_MS: '30000',
        }
      : {}),
    ...extra,
  };
}

/**
 * Starts services as processes from the dist copy (LocalStack, as the e2e tests do). `replicas` adds more processes
 * of one service (each its own LocalStack, since a LocalStack runs one process per service name).
 */
export async function startStack(services, { extraEnv = () => ({}), runName = 'run' } = {}) {
  const { LocalStack } = requireDist('libs/testing/src/stack.js');
  const ports = await freePorts(services.length);
  const envs = new Map(services.map((s, i) => [s, serviceEnv(s, ports[i], extraEnv(s))]));
  const logDir = join(LOG_DIR, `${runName}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const stack = new LocalStack({ root: RUN_ROOT, services, env: (s) => envs.get(s), logDir, readyTimeoutMs: 180_000 });
  const extra = [];
  const handle = {
    stack,
    logDir,
    url: (s) => stack.url(s),
    port: (s) => Number(envs.get(s).PORT),
    /** Another process of `service` on its own port, sharing the database and durable consumers. */
    async addReplica(service) {
      const [port] = await freePorts(1);
      const env = serviceEnv(service, port, { ...extraEnv(service), MIGRATE_ON_START: 'false' });
      const replica = new LocalStack({
        root: RUN_ROOT,
        services: [service],
        env: () => env,
        logDir: join(logDir, `replica-${extra.length + 1}`),
        readyTimeoutMs: 180_000,
      });
      await replica.start();
      extra.push(replica);
      return { port, stack: replica };
    },
    async stop() {
      await Promise.all(extra.map((r) => r.stop()));
      await stack.stop();
    },
  };
  try {
    await stack.start();
  } catch (e) {
    await stack.stop().catch(() => undefined);
    throw e;
  }
  return handle;
}

export async function login(gatewayUrl) {
  const res = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!res.ok) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  return (await res.json()).accessToken;
}

export async function api(gatewayUrl, token, method, path, body) {
  const res = await fetch(`${gatewayUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      authorization: `Bearer ${token}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => undefined);
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function until(check, { timeoutMs = 60_000, intervalMs = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

export function summary(ms) {
  return {
    n: ms.length,
    p50: round(percentile(ms, 0.5)),
    p95: round(percentile(ms, 0.95)),
    max: round(Math.max(...ms)),
    mean: round(ms.reduce((a, b) => a + b, 0) / ms.length),
  };
}

export const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
export const median = (values) => percentile(values, 0.5);

export function log(line) {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** The /proc/<pid>/status memory lines, in kB. */
export function procMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: kb('VmRSS'), peakKb: kb('VmHWM') };
}

/** Resets VmHWM (peak RSS) to the current RSS (Linux: "5" into clear_refs). False when not permitted. */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The pid of the bench's own process of `service` on `port`: found by its command line and environment. */
export function findServicePid(service, port) {
  const main = join(RUN_ROOT, 'dist/apps', service, 'src/main.js');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!cmdline.includes(main)) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`PORT=${port}`)) return Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  throw new Error(`no ${service} process on port ${port}`);
}

/** utime + stime of a process in seconds (clock ticks of 1/100 s); 0 when it has gone. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds spent by a set of processes between two readings of `cpuReading`. */
export function cpuReading(pids) {
  return Object.fromEntries(pids.map((pid) => [pid, cpuSeconds(pid)]));
}

export function cpuSpent(before, after) {
  return round(
    Object.entries(after).reduce((s, [pid, t]) => s + t - (before[pid] ?? 0), 0),
    1,
  );
}

/** PostgreSQL backends serving a database, except the given ones (the bench's own connections). */
export async function backendPids(database, except = []) {
  return (await query('postgres', 'select pid from pg_stat_activity where datname = $1', [database]))
    .map((r) => r.pid)
    .filter((pid) => !except.includes(pid));
}

/** What the README reports next to each figure: the machine and how busy it was. */
export async function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const [{ server_version: version }] = await query('postgres', 'show server_version');
  const nc = await nats.connect({ servers: NATS_URL });
  const natsVersion = nc.info?.version;
  await nc.close();
  return {
    date: new Date().toISOString(),
    nproc: os.cpus().length,
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres: version,
    nats: natsVersion,
    loadAverage: os.loadavg().map((x) => round(x, 2)),
  };
}

export function saveResult(name, result) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  log(`results written to ${file}`);
}

export function flag(name) {
  return process.argv.includes(`--${name}`);
}

export function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** The one organization of the bench world and its admin; written by generate.mjs. */
export async function benchOrganization() {
  if (!(await databaseExists(dbName('gateway'))))
    throw new Error('no bench world: run `node bench/generate.mjs` first');
  const rows = await query(dbName('gateway'), 'select id, name from organization order by created_at limit 1');
  if (!rows.length) throw new Error('the bench gateway has no organization: run `node bench/generate.mjs --reset`');
  return rows[0];
}

export const loadAverage = () => os.loadavg().map((x) => round(x, 2));
