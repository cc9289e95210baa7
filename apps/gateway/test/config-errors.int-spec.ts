// A service that cannot start says why in one line on stderr and exits non-zero: the built gateway
// (`node dist/apps/gateway/src/main.js`, as production runs it) with a bad environment. The platform's checks
// (DATABASE_URL, PORT, PostgreSQL, NATS) are the same in every service; the gateway adds its own (JWT_SECRET, ADMIN_EMAIL).
import { TEST_NATS_URL, TestWorld } from '@dental/testing';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AddressInfo, createServer, Server } from 'node:net';
import { join, resolve } from 'node:path';

jest.setTimeout(120_000);

const root = resolve(__dirname, '../../..');
const main = join(root, 'dist/apps/gateway/src/main.js');
const GATEWAY_SETTINGS = {
  JWT_SECRET: 'j'.repeat(40),
  ADMIN_EMAIL: 'admin@example.com',
  ADMIN_PASSWORD: 'admin-password',
};

/** A port nothing listens on: taken from the OS, then released. */
async function unusedPort(): Promise<number> {
  const server = await listening();
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function listening(): Promise<Server> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => res(server));
  });
}

/** Runs the built gateway with only `env` (plus PATH) and returns how it ended. */
function run(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [main], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout };
}

/** Exit code not 0 and exactly one line on stderr, which is returned. */
function expectOneLineFailure(result: ReturnType<typeof run>, service = 'gateway'): string {
  expect({ signal: result.signal, failed: result.status !== 0 && result.status !== null }).toEqual({
    signal: null,
    failed: true,
  });
  expect(result.stderr).toMatch(/^[^\n]+\n$/);
  expect(result.stderr.startsWith(`${service}: `)).toBe(true);
  return result.stderr.trimEnd();
}

describe('start-up errors of the built gateway', () => {
  const world = new TestWorld();
  let databaseUrl: string;

  beforeAll(() => {
    if (!existsSync(main)) {
      execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    }
    databaseUrl = world.databaseUrl('gateway');
  });

  afterAll(() => world.cleanup());

  it('a DATABASE_URL that is not one', () => {
    const line = expectOneLineFailure(run({ ...GATEWAY_SETTINGS, DATABASE_URL: 'nope', NATS_URL: TEST_NATS_URL }));
    expect(line).toBe('gateway: invalid configuration: DATABASE_URL must look like postgres://user@host:5432/database');
  });

  it('a PORT that is not a number', () => {
    const line = expectOneLineFailure(
      run({ ...GATEWAY_SETTINGS, DATABASE_URL: databaseUrl, NATS_URL: TEST_NATS_URL, PORT: 'http' }),
    );
    expect(line).toBe('gateway: invalid configuration: PORT must be a whole number');
  });

  it('a PostgreSQL that does not answer', async () => {
    const port = await unusedPort();
    const url = `postgres://postgres@127.0.0.1:${port}/test_unreachable`;
    const line = expectOneLineFailure(run({ ...GATEWAY_SETTINGS, DATABASE_URL: url, NATS_URL: TEST_NATS_URL }));
    expect(line).toMatch(new RegExp(`^gateway: PostgreSQL unreachable at 127\\.0\\.0\\.1:${port}`));
  });

  it('a NATS_URL where no NATS listens', async () => {
    const port = await unusedPort();
    const result = run({
      ...GATEWAY_SETTINGS,
      DATABASE_URL: databaseUrl,
      NATS_URL: `nats://127.0.0.1:${port}`,
      BUS_PREFIX: world.busPrefix,
    });
    const line = expectOneLineFailure(result);
    expect(line).toMatch(new RegExp(`^gateway: NATS unreachable at nats://127\\.0\\.0\\.1:${port}`));
  });

  it('a gateway without JWT_SECRET', () => {
    const { JWT_SECRET: _, ...withoutSecret } = GATEWAY_SETTINGS;
    const line = expectOneLineFailure(run({ ...withoutSecret, DATABASE_URL: databaseUrl, NATS_URL: TEST_NATS_URL }));
    expect(line).toMatch(/^gateway: invalid configuration: JWT_SECRET is required$/);
  });

  it('a gateway with a short JWT_SECRET or an ADMIN_EMAIL that is not one', () => {
    const env = { ...GATEWAY_SETTINGS, DATABASE_URL: databaseUrl, NATS_URL: TEST_NATS_URL };
    expect(expectOneLineFailure(run({ ...env, JWT_SECRET: 'short' }))).toBe(
      'gateway: invalid configuration: JWT_SECRET must be at least 32 characters',
    );
    expect(expectOneLineFailure(run({ ...env, ADMIN_EMAIL: 'admin' }))).toBe(
      'gateway: invalid configuration: ADMIN_EMAIL must be an e-mail address',
    );
  });

  it('a PORT that another process holds', async () => {
    const holder = await listening();
    try {
      const { port } = holder.address() as AddressInfo;
      const result = run({
        ...GATEWAY_SETTINGS,
        DATABASE_URL: databaseUrl,
        NATS_URL: TEST_NATS_URL,
        BUS_PREFIX: world.busPrefix,
        PORT: String(port),
      });
      expect(expectOneLineFailure(result)).toMatch(/EADDRINUSE/);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });
});
