import 'reflect-metadata';
import { SERVICES } from '@dental/contracts';
import { BusNaming, connectNats, BusServer } from '@dental/messaging';
import { loadConfig, migrateService, startService, StartOptions } from '@dental/platform';
import { Client } from 'pg';
import { reportingService } from './reporting.definition';

// Held for the whole rebuild: a second rebuild started meanwhile stops at once instead of racing the first.
const REBUILD_LOCK = 7_310_004;
// Everything else in reporting's database is a read model (reporting holds no truth): emptied by a rebuild.
const KEPT_TABLES = ['mikro_orm_migrations', 'inbox_event', 'outbox_event'];

export interface RebuildOptions {
  log?: (line: string) => void;
  /** Give up when the replay has not caught up by then (default: wait as long as it takes). */
  timeoutMs?: number;
  /** How often the consumers' pending counts are checked. */
  pollMs?: number;
  startOptions?: StartOptions;
}

export interface RebuildResult {
  /** Events handled per stream during the replay. */
  handled: Record<string, number>;
  durationMs: number;
}

/**
 * Rebuilds reporting's read models from the streams (ARCHITECTURE.md: reporting holds no truth):
 * 1. migrates the database; 2. empties the read models and reporting's inbox in one transaction; 3. deletes
 * reporting's durable consumers, so that new ones start at the first event of each stream; 4. runs the service in
 * this process until every consumer has nothing pending, then stops it.
 * Stop (scale to 0) the running reporting replicas first and start them after: while it runs they would answer
 * from half-built figures, and a replica whose consumer was deleted stops consuming until it restarts.
 */
export async function rebuildReporting(env: NodeJS.ProcessEnv, options: RebuildOptions = {}): Promise<RebuildResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const serviceEnv = { ...env, PORT: '0' };
  const config = loadConfig(reportingService.config, serviceEnv);
  await migrateService(reportingService, serviceEnv);

  const db = new Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  try {
    const [{ locked }] = (
      await db.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [REBUILD_LOCK])
    ).rows;
    if (!locked) throw new Error('another reporting rebuild is running on this database');

    const tables = (
      await db.query<{ name: string }>(
        `select quote_ident(table_name) as name from information_schema.tables
         where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> all($1) order by table_name`,
        [KEPT_TABLES],
      )
    ).rows.map((r) => r.name);
    log(`emptying the read models (${tables.join(', ')}) and the inbox`);
    await db.query('begin');
    if (tables.length) await db.query(`truncate ${tables.join(', ')}`);
    await db.query('delete from inbox_event where consumer = $1', [reportingService.name]);
    await db.query('commit');

    await deleteConsumers(config.NATS_URL, new BusNaming(config.BUS_PREFIX), log);

    log('replaying the streams');
    const { app } = await startService(
      reportingService,
      { ...serviceEnv, MIGRATE_ON_START: 'false' },
      options.startOptions,
    );
    try {
      const consumers = app.get(BusServer);
      let lastLog = Date.now();
      for (;;) {
        const lag = await consumers.lag();
        const pending = Object.values(lag).reduce((a, b) => a + b, 0);
        if (pending === 0) break;
        if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) {
          throw new Error(`the replay had ${pending} events left after ${options.timeoutMs} ms`);
        }
        if (Date.now() - lastLog > 5000) {
          log(`${pending} events left`);
          lastLog = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
      }
      const handled = Object.fromEntries(consumers.consumers.map((c) => [c.streamName, c.handled]));
      log(
        `replayed: ${
          Object.entries(handled)
            .map(([stream, n]) => `${stream} ${n}`)
            .join(', ') || 'nothing to replay'
        }`,
      );
      return { handled, durationMs: Date.now() - started };
    } finally {
      await app.close();
    }
  } finally {
    await db.query('select pg_advisory_unlock($1)', [REBUILD_LOCK]).catch(() => undefined);
    await db.end();
  }
}

/** Deletes reporting's durable consumer on every stream that has one. */
async function deleteConsumers(natsUrl: string, naming: BusNaming, log: (line: string) => void): Promise<void> {
  const nc = await connectNats(natsUrl, 'reporting-rebuild');
  try {
    const jsm = await nc.jetstreamManager();
    for (const service of Object.values(SERVICES)) {
      if (!service.stream) continue;
      const stream = naming.stream(service.stream);
      try {
        await jsm.consumers.delete(stream, reportingService.name);
        log(`deleted consumer ${reportingService.name} on ${stream}`);
      } catch (e) {
        if (!/not found/i.test((e as Error).message)) throw e;
      }
    }
  } finally {
    await nc.close();
  }
}

if (require.main === module) {
  rebuildReporting(process.env, { log: (line) => process.stdout.write(`reporting rebuild: ${line}\n`) })
    .then(() => process.exit(0))
    .catch((e: Error) => {
      process.stderr.write(`reporting rebuild: ${e.message.split('\n')[0]}\n`);
      process.exit(1);
    });
}
