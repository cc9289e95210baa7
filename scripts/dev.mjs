#!/usr/bin/env node
// One entry for developers and CI:
//   node scripts/dev.mjs start [--demo]   install if needed, make sure PostgreSQL + NATS answer, build, migrate,
//                                         start the six services, print the gateway URL and the admin login
//   node scripts/dev.mjs migrate          the same readiness, then every service's migrations (advisory-locked)
//   node scripts/dev.mjs test             the same readiness, then lint, type check, unit, integration, e2e, web
//   node scripts/dev.mjs rebuild-reporting drop reporting's read models and replay the streams
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  chownSync,
  openSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = join(root, '.data');
const require = createRequire(import.meta.url);
const [command = 'start', ...args] = process.argv.slice(2);
const log = (line) => process.stdout.write(`[dental] ${line}\n`);
const fail = (line) => {
  process.stderr.write(`[dental] ${line}\n`);
  process.exit(1);
};

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const startedServers = [];

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) fail(`${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status})`);
}

function ensureInstalled() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // npm ci installs exactly the committed lock and leaves it as it is (git status stays clean)
  log('installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const which = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim();

async function postgresAnswers() {
  const { Client } = require('pg');
  const c = new Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function ensurePostgres() {
  if (await postgresAnswers()) return;
  const url = new URL(DATABASE_URL);
  const local = ['127.0.0.1', 'localhost'].includes(url.hostname);
  if (local && existsSync('/etc/postgresql') && which('pg_ctlcluster')) {
    for (const version of readdirSync('/etc/postgresql')) {
      log(`starting the machine's PostgreSQL ${version} cluster`);
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    }
    if (await waitFor(postgresAnswers, 15000)) return;
  }
  const initdb = findPostgresBin('initdb');
  if (local && initdb) {
    const dir = join(dataDir, 'postgres');
    const asRoot = process.getuid?.() === 0;
    const runAs = (bin, binArgs) => (asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...binArgs]] : [bin, binArgs]);
    mkdirSync(dir, { recursive: true });
    if (asRoot) chownPostgres(dir);
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      log(`creating a private PostgreSQL in ${dir}`);
      const [c, a] = runAs(initdb, ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
      run(c, a, { stdio: 'ignore' });
    }
    log(`starting the private PostgreSQL on port ${url.port || 5432}`);
    const [c, a] = runAs(findPostgresBin('pg_ctl'), [
      '-D',
      dir,
      '-l',
      join(dir, 'server.log'),
      '-w',
      'start',
      '-o',
      `-p ${url.port || 5432} -k ${dir} -c listen_addresses=127.0.0.1`,
    ]);
    run(c, a, { stdio: 'ignore' });
    startedServers.push(() =>
      spawnSync(...runAs(findPostgresBin('pg_ctl'), ['-D', dir, '-m', 'fast', 'stop']), { stdio: 'ignore' }),
    );
    if (await waitFor(postgresAnswers, 15000)) return;
  }
  fail(
    `PostgreSQL does not answer at ${url.host}. ` +
      (initdb
        ? 'Start it, or set DATABASE_URL.'
        : 'Install it with: apt-get install -y postgresql   (or set DATABASE_URL)'),
  );
}

function findPostgresBin(name) {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return which(name);
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', name))) return join(base, v, 'bin', name);
  return which(name);
}

function chownPostgres(dir) {
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
  if (id) chownSync(dir, Number(id), Number(gid));
}

async function natsState() {
  const { connect } = require('nats');
  let nc;
  try {
    nc = await connect({ servers: NATS_URL, timeout: 2000, reconnect: false });
  } catch {
    return 'down';
  }
  try {
    await (await nc.jetstreamManager()).getAccountInfo();
    return 'ok';
  } catch {
    return 'no-jetstream';
  } finally {
    await nc.close();
  }
}

async function ensureNats() {
  let state = await natsState();
  if (state === 'ok') return;
  if (state === 'no-jetstream') fail(`NATS at ${NATS_URL} answers but has no JetStream: restart it with -js`);
  const url = new URL(NATS_URL.replace(/^nats:/, 'http:'));
  const server = which('nats-server') || (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : '');
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) || !server) {
    fail(
      `NATS does not answer at ${NATS_URL}. ` +
        (server
          ? 'Start it with -js, or set NATS_URL.'
          : 'Install it with: apt-get install -y nats-server   (or set NATS_URL)'),
    );
  }
  const dir = join(dataDir, 'nats');
  mkdirSync(dir, { recursive: true });
  log(`starting a private NATS with JetStream on port ${url.port || 4222} (data in ${dir})`);
  const out = openSync(join(dir, 'server.log'), 'a');
  const child = spawn(server, ['-a', url.hostname, '-p', url.port || '4222', '-js', '-sd', dir], {
    stdio: ['ignore', out, out],
    detached: false,
  });
  startedServers.push(() => child.kill('SIGTERM'));
  if (!(await waitFor(async () => (state = await natsState()) === 'ok', 15000)))
    fail(`the private NATS did not start: see ${dir}/server.log`);
}

async function waitFor(check, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

function build() {
  log('building (swc)');
  run(process.execPath, [join(root, 'scripts/build.mjs')]);
}

/** Development secrets, made once and kept in .data/ (never committed). Production passes its own. */
function devSecrets() {
  const file = join(dataDir, 'dev-secrets.json');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(
      file,
      JSON.stringify(
        { JWT_SECRET: randomBytes(32).toString('hex'), ADMIN_PASSWORD: randomBytes(9).toString('base64url') },
        null,
        2,
      ),
      { mode: 0o600 },
    );
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

function catalog() {
  return require(join(root, 'dist/libs/contracts/src/services.js'));
}

/** Every service on the same server, each in its own database; `<SERVICE>_DATABASE_URL` overrides one. */
function serviceEnv(service, secrets) {
  const { SERVICES } = catalog();
  const own = process.env[`${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`];
  const url = new URL(DATABASE_URL);
  url.pathname = `/${SERVICES[service].database}`;
  return {
    DATABASE_URL: own ?? url.toString(),
    NATS_URL,
    PORT: String(SERVICES[service].port),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...(service === 'gateway'
      ? {
          JWT_SECRET: process.env.JWT_SECRET ?? secrets.JWT_SECRET,
          ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? 'admin@example.com',
          ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? secrets.ADMIN_PASSWORD,
        }
      : {}),
  };
}

function migrateAll(secrets) {
  const { SERVICE_NAMES } = catalog();
  for (const service of SERVICE_NAMES) {
    run(process.execPath, [join(root, 'dist/apps', service, 'src/migrate.js')], {
      env: { ...process.env, ...serviceEnv(service, secrets) },
    });
  }
}

async function ready() {
  ensureInstalled();
  await ensurePostgres();
  await ensureNats();
}

function stopServers() {
  for (const stop of startedServers.reverse()) stop();
}

async function start() {
  await ready();
  build();
  const secrets = devSecrets();
  migrateAll(secrets);
  const { LocalStack } = require(join(root, 'dist/libs/testing/src/stack.js'));
  const stack = new LocalStack({
    root,
    env: (s) => ({ ...serviceEnv(s, secrets), MIGRATE_ON_START: 'false' }),
    logDir: join(dataDir, 'logs'),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await stack.stop();
    stopServers();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  log('starting the six services');
  try {
    await stack.start();
  } catch (e) {
    await stack.stop();
    stopServers();
    fail(e.message);
  }
  const gateway = stack.url('gateway');
  if (args.includes('--demo')) {
    const { loadDemo } = require(join(root, 'dist/libs/testing/src/demo.js'));
    await loadDemo(
      gateway,
      { email: serviceEnv('gateway', secrets).ADMIN_EMAIL, password: serviceEnv('gateway', secrets).ADMIN_PASSWORD },
      log,
    );
  }
  const env = serviceEnv('gateway', secrets);
  log(`ready: ${gateway}/api/v1  (API docs ${gateway}/api/docs)`);
  log(`web app: ${gateway}/`);
  log(`admin login: ${env.ADMIN_EMAIL} / ${env.ADMIN_PASSWORD}`);
  log(`logs in ${join(dataDir, 'logs')}; Ctrl-C stops everything`);
}

async function migrate() {
  await ready();
  build();
  migrateAll(devSecrets());
}

async function test() {
  await ready();
  const bin = (name) => join(root, 'node_modules/.bin', name);
  log('lint');
  run(bin('nx'), ['show', 'projects'], {
    stdio: 'ignore',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  run(bin('eslint'), ['.', '--max-warnings=0']);
  log('type check');
  run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  run(bin('tsc'), ['-p', 'apps/web/tsconfig.json']);
  run(bin('tsc'), ['-p', 'apps/web/tsconfig.node.json']);
  build();
  // the browser tests (apps/web/e2e) last, alone: a whole stack and Chromium do not share two cores with the e2e tier
  const tiers = [
    { name: 'unit, integration, e2e', projects: ['unit', 'integration', 'e2e'] },
    { name: 'web (Chromium)', projects: ['web'] },
  ];
  mkdirSync(dataDir, { recursive: true });
  let passed = 0;
  let failed = 0;
  let total = 0;
  let status = 0;
  for (const tier of tiers) {
    log(`tests: ${tier.name}`);
    const results = join(dataDir, `jest-results-${tier.projects.join('-')}.json`);
    const r = spawnSync(
      bin('jest'),
      // a path filter given to `npm test -- <path>` may match no file of a tier
      [
        '--ci',
        '--maxWorkers=2',
        '--passWithNoTests',
        '--json',
        `--outputFile=${results}`,
        '--selectProjects',
        ...tier.projects,
        ...args,
      ],
      { cwd: root, stdio: 'inherit' },
    );
    if (existsSync(results)) {
      const j = JSON.parse(readFileSync(results, 'utf8'));
      passed += j.numPassedTests;
      failed += j.numFailedTests;
      total += j.numTotalTests;
    }
    status = status || (r.status ?? 1);
  }
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
  if (total === 0) fail('no test ran');
  process.exit(status);
}

/** Drops reporting's read models and replays the streams (apps/reporting/src/rebuild.ts). */
async function rebuildReporting() {
  await ready();
  build();
  run(process.execPath, [join(root, 'dist/apps/reporting/src/rebuild.js')], {
    env: { ...process.env, ...serviceEnv('reporting', devSecrets()) },
  });
}

const commands = { start, migrate, test, 'rebuild-reporting': rebuildReporting };
if (!commands[command]) fail(`unknown command ${command}: use start, migrate or test`);
commands[command]().catch((e) => {
  stopServers();
  fail(e.message);
});
