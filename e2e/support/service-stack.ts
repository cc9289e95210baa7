// Some of the built services as processes (LocalStack) in a TestWorld of their own, on free ports: what an e2e file
// that needs only part of the stack starts. SQL on a service's database and "every consumer caught up" are read from
// PostgreSQL and NATS directly: the e2e tier never imports an app.
import { ServiceName } from '@dental/contracts';
import { LocalStack, TEST_NATS_URL, TestWorld } from '@dental/testing';
import { connect } from 'nats';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureBuilt, freePorts, repoRoot } from '@dental/testing';

export interface ServiceStack {
  world: TestWorld;
  stack: LocalStack;
  env: (service: ServiceName) => NodeJS.ProcessEnv;
  gatewayUrl: string;
  admin: { email: string; password: string };
  /** Raw SQL on one service's database: what is really stored. */
  sql<T = Record<string, unknown>>(service: ServiceName, text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export interface ServiceStackOptions {
  /** Extra environment of one service (the gateway's admin, JWT secret and port are set already). */
  env?: (service: ServiceName) => NodeJS.ProcessEnv;
  admin?: { email: string; password: string };
  organizationName?: string;
}

/** Starts `services` (built first when needed), each with its own database, the world's bus prefix and a free port. */
export async function startServices(
  world: TestWorld,
  services: readonly ServiceName[],
  options: ServiceStackOptions = {},
): Promise<ServiceStack> {
  await ensureBuilt();
  const admin = options.admin ?? { email: 'admin@example.com', password: randomBytes(12).toString('base64url') };
  const ports = await freePorts(services.length);
  const envs = new Map<ServiceName, NodeJS.ProcessEnv>();
  services.forEach((service, i) =>
    envs.set(
      service,
      world.env(service, {
        PORT: String(ports[i]),
        MIGRATE_ON_START: 'true',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        ...(service === 'gateway'
          ? {
              JWT_SECRET: randomBytes(32).toString('hex'),
              ADMIN_EMAIL: admin.email,
              ADMIN_PASSWORD: admin.password,
              LOGIN_RATE_LIMIT: '1000',
              ...(options.organizationName ? { ORGANIZATION_NAME: options.organizationName } : {}),
            }
          : {}),
        ...(options.env?.(service) ?? {}),
      }),
    ),
  );
  const stack = new LocalStack({
    root: repoRoot,
    services,
    env: (service) => envs.get(service)!,
    logDir: join(repoRoot, '.data/test-logs', world.tag),
    readyTimeoutMs: 90_000,
  });
  try {
    await stack.start();
  } catch (e) {
    await stack.stop();
    throw e;
  }
  const clients = new Map<ServiceName, Client>();
  return {
    world,
    stack,
    env: (s) => envs.get(s)!,
    gatewayUrl: services.includes('gateway') ? stack.url('gateway') : '',
    admin,
    async sql<T>(service: ServiceName, text: string, params: unknown[] = []): Promise<T[]> {
      let client = clients.get(service);
      if (!client) {
        client = new Client({ connectionString: world.databaseUrl(service) });
        await client.connect();
        clients.set(service, client);
      }
      // the services' tests wrote MikroORM's `?` placeholders; pg numbers them
      let n = 0;
      return (
        await client.query(
          text.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as T[];
    },
    async stop() {
      for (const c of clients.values()) await c.end().catch(() => undefined);
      await stack.stop();
    },
  };
}

/** Resolves when every JetStream consumer of the world's streams has nothing left to handle or acknowledge. */
export async function consumersCaughtUp(world: TestWorld, timeoutMs = 90_000): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await nc.jetstreamManager();
    const prefix = `${world.busPrefix.toUpperCase()}_`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let lag = 0;
      for await (const s of jsm.streams.list()) {
        if (!s.config.name.startsWith(prefix)) continue;
        for await (const c of jsm.consumers.list(s.config.name)) lag += c.num_pending + c.num_ack_pending;
      }
      if (lag === 0) return;
      if (Date.now() > deadline) throw new Error(`consumers still have ${lag} events pending`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await nc.close();
  }
}
