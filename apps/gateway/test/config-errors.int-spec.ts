// A service that cannot start says why in one line on stderr and exits non-zero: the built services
// (`node dist/apps/<app>/src/main.js`, as production runs them) with a bad environment.
import { TEST_NATS_URL, TestWorld } from '@dental/testing';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AddressInfo, createServer, Server } from 'node:net';
import { join, resolve } from 'node:path';

jest.setTimeout(120_000);

const root = resolve(__dirname, '../../..');
const main = (service: 'payments' | 'gateway') => join(root, 'dist/apps', service, 'src/main.js');
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

/** Runs a built service with only `env` (plus PATH) and returns how it ended. */
function run(service: 'payments' | 'gateway', env: Record<string, string>) {
  const r = spawnSync(process.execPath, [main(service)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout };
}

/** Exit code not 0 and exactly one line on stderr, which is returned. */
function expectOneLineFailure(result: ReturnType<typeof run>, service: string): string {
  expect({ signal: result.signal, failed: result.status !== 0 && result.status !== null }).toEqual({
    signal: null,
    failed: true,
  });
  expect(result.stderr).toMatch(/^[^\n]+\n$/);
  expect(result.stderr.startsWith(`${service}: `)).toBe(true);
  return result.stderr.trimEnd();
}

describe('start-up errors of the built services', () => {
  const world = new TestWorld();
  let databaseUrl: string;

  beforeAll(() => {
    if (!existsSync(main('payments')) || !existsSync(main('gateway'))) {
      execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    }
    databaseUrl = world.databaseUrl('payments');
  });

  afterAll(() => world.cleanup());

  it('a DATABASE_URL that is not one', () => {
    const line = expectOneLineFailure(run('payments', { DATABASE_URL: 'nope', NATS_URL: TEST_NATS_URL }), 'payments');
    expect(line).toBe(
      'payments: invalid configuration: DATABASE_URL must look like postgres://user@host:5432/database',
    );
  });

  it('a PORT that is not a number', () => {
    const line = expectOneLineFailure(
      run('payments', { DATABASE_URL: databaseUrl, NATS_URL: TEST_NATS_URL, PORT: 'http' }),
      'payments',
    );
    expect(line).toBe('payments: invalid configuration: PORT must be a whole number');
  });

  it('a PostgreSQL that does not answer', async () => {
    const port = await unusedPort();
    const url = `postgres://postgres@127.0.0.1:${port}/test_unreachable`;
    const line = expectOneLineFailure(run('payments', { DATABASE_URL: url, NATS_URL: TEST_NATS_URL }), 'payments');
    expect(line).toMatch(new RegExp(`^payments: PostgreSQL unreachable at 127\\.0\\.0\\.1:${port}`));
  });

  it('a NATS_URL where no NATS listens', async () => {
    const port = await unusedPort();
    const result = run('payments', {
      DATABASE_URL: databaseUrl,
      NATS_URL: `nats://127.0.0.1:${port}`,
      BUS_PREFIX: world.busPrefix,
    });
    const line = expectOneLineFailure(result, 'payments');
    expect(line).toMatch(new RegExp(`^payments: NATS unreachable at nats://127\\.0\\.0\\.1:${port}`));
  });

  it('a gateway without JWT_SECRET', () => {
    const { JWT_SECRET: _, ...withoutSecret } = GATEWAY_SETTINGS;
    const line = expectOneLineFailure(
      run('gateway', { ...withoutSecret, DATABASE_URL: world.databaseUrl('gateway'), NATS_URL: TEST_NATS_URL }),
      'gateway',
    );
    expect(line).toMatch(/^gateway: invalid configuration: JWT_SECRET is required$/);
  });

  it('a gateway with a short JWT_SECRET or an ADMIN_EMAIL that is not one', () => {
    const env = { ...GATEWAY_SETTINGS, DATABASE_URL: world.databaseUrl('gateway'), NATS_URL: TEST_NATS_URL };
    expect(expectOneLineFailure(run('gateway', { ...env, JWT_SECRET: 'short' }), 'gateway')).toBe(
      'gateway: invalid configuration: JWT_SECRET must be at least 32 characters',
    );
    expect(expectOneLineFailure(run('gateway', { ...env, ADMIN_EMAIL: 'admin' }), 'gateway')).toBe(
      'gateway: invalid configuration: ADMIN_EMAIL must be an e-mail address',
    );
  });

  it('a PORT that another process holds', async () => {
    const holder = await listening();
    try {
      const { port } = holder.address() as AddressInfo;
      const result = run('payments', {
        DATABASE_URL: databaseUrl,
        NATS_URL: TEST_NATS_URL,
        BUS_PREFIX: world.busPrefix,
        PORT: String(port),
      });
      expect(expectOneLineFailure(result, 'payments')).toMatch(/EADDRINUSE/);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });
});
