import { dropDatabase, withDatabase } from '@dental/persistence';
import { randomBytes } from 'node:crypto';
import { JetStreamManager, NatsConnection, connect } from 'nats';

/** Where tests find the servers; defaults are the machine's local PostgreSQL and NATS. */
export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * A test file's private world: database names `test_<tag>_<service>` and a bus prefix `t<tag>`, so parallel files
 * and earlier runs never see each other. `cleanup()` drops the databases and deletes the prefixed streams.
 */
export class TestWorld {
  readonly tag = randomBytes(4).toString('hex');
  readonly busPrefix = `t${this.tag}`;
  private readonly databases = new Set<string>();

  databaseUrl(service: string): string {
    const name = `test_${this.tag}_${service.replace(/[^a-z0-9]+/gi, '_')}`.toLowerCase();
    assertTestDatabase(name);
    this.databases.add(name);
    return withDatabase(TEST_SERVER_URL, name);
  }

  /** The environment of one service in this world. */
  env(service: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      DATABASE_URL: this.databaseUrl(service),
      NATS_URL: TEST_NATS_URL,
      BUS_PREFIX: this.busPrefix,
      PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...extra,
    };
  }

  async cleanup(): Promise<void> {
    for (const name of this.databases) await dropDatabase(withDatabase(TEST_SERVER_URL, name));
    const nc = await connect({ servers: TEST_NATS_URL });
    try {
      await deleteStreamsWithPrefix(await nc.jetstreamManager(), `${this.busPrefix.toUpperCase()}_`);
    } finally {
      await nc.close();
    }
  }
}

/** Refuses any database whose name does not say it is a test database. */
export function assertTestDatabase(name: string): void {
  if (!/^test_/.test(name)) throw new Error(`refusing to touch database "${name}": test databases start with test_`);
}

export async function deleteStreamsWithPrefix(jsm: JetStreamManager, prefix: string): Promise<void> {
  for await (const s of jsm.streams.list()) {
    if (s.config.name.startsWith(prefix)) await jsm.streams.delete(s.config.name);
  }
}

export async function testNats(): Promise<NatsConnection> {
  return connect({ servers: TEST_NATS_URL });
}

/** Polls until `check` holds or the time is up; for eventual effects (events), never for speed. */
export async function eventually<T>(check: () => Promise<T>, { timeoutMs = 20000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw lastError;
}
