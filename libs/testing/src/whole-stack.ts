// The six built services as processes (LocalStack) in a TestWorld of their own, on free ports: what an e2e file
// needs before it talks to the gateway.
import { SERVICE_NAMES, ServiceName } from '@dental/contracts';
import { LocalStack } from './stack';
import { TestWorld } from './test-env';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { AddressInfo, createServer, Server } from 'node:net';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');

/** Ports the OS hands out, so the stack never collides with a developer's `npm start` on 3000-3005. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Server>((res, rej) => {
          const s = createServer();
          s.once('error', rej);
          s.listen(0, '127.0.0.1', () => res(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** The newest modification time (ms) of the production sources that `scripts/build.mjs` compiles. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === 'test') continue;
      newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Why dist/ must be built again, or null when every service's build is newer than every source it is made of. */
export function distOutdated(): string | null {
  const mains = SERVICE_NAMES.map((s) => join(repoRoot, 'dist/apps', s, 'src/main.js'));
  const missing = mains.find((m) => !existsSync(m));
  if (missing) return `${missing} is missing`;
  if (!existsSync(join(repoRoot, 'dist/node_modules/@dental'))) return 'dist/node_modules/@dental is missing';
  const built = Math.min(...mains.map((m) => statSync(m).mtimeMs));
  const inputs = [join(repoRoot, 'apps'), join(repoRoot, 'libs')].map(newestSource);
  const config = [join(repoRoot, '.swcrc'), join(repoRoot, 'scripts/build.mjs')].map((f) =>
    existsSync(f) ? statSync(f).mtimeMs : 0,
  );
  return Math.max(...inputs, ...config) > built ? 'a source is newer than dist/' : null;
}

/**
 * Builds dist/ once when it is missing or older than a source. `scripts/build.mjs` deletes dist/ first, so a lock
 * directory keeps two e2e files that start together from building over each other.
 */
export async function ensureBuilt(log: (line: string) => void = () => undefined): Promise<void> {
  const lock = join(repoRoot, '.data/e2e-build.lock');
  mkdirSync(join(repoRoot, '.data'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // another file is building; a lock older than the deadline is a leftover of a killed run
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && (Date.now() > deadline || Date.now() - since > 180_000)) {
        rmdirSync(lock);
        continue;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const why = distOutdated();
    if (why) {
      log(`building dist/: ${why}`);
      execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    }
  } finally {
    rmdirSync(lock);
  }
}

export interface WholeStack {
  world: TestWorld;
  stack: LocalStack;
  env: (service: ServiceName) => NodeJS.ProcessEnv;
  gatewayUrl: string;
  admin: { email: string; password: string };
  stop(): Promise<void>;
}

/** Starts every service with its own database, the world's bus prefix and a free port; the gateway's first admin. */
export async function startWholeStack(world: TestWorld): Promise<WholeStack> {
  const admin = { email: 'admin@example.com', password: randomBytes(12).toString('base64url') };
  const ports = await freePorts(SERVICE_NAMES.length);
  const envs = new Map<ServiceName, NodeJS.ProcessEnv>();
  SERVICE_NAMES.forEach((service, i) =>
    envs.set(
      service,
      world.env(service, {
        PORT: String(ports[i]),
        MIGRATE_ON_START: 'true',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
        ...(service === 'gateway'
          ? {
              JWT_SECRET: randomBytes(32).toString('hex'),
              ADMIN_EMAIL: admin.email,
              ADMIN_PASSWORD: admin.password,
              ORGANIZATION_NAME: 'Smile Chain',
            }
          : {}),
      }),
    ),
  );
  const stack = new LocalStack({
    root: repoRoot,
    services: SERVICE_NAMES,
    env: (service) => envs.get(service)!,
    logDir: join(repoRoot, '.data/test-logs', world.tag),
    // six processes booting at once on a busy machine
    readyTimeoutMs: 90_000,
  });
  try {
    await stack.start();
  } catch (e) {
    await stack.stop();
    throw e;
  }
  return { world, stack, env: (s) => envs.get(s)!, gatewayUrl: stack.url('gateway'), admin, stop: () => stack.stop() };
}
