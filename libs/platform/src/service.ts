import { ServiceName, SERVICES } from '@dental/contracts';
import {
  BusNaming,
  BusServer,
  connectNats,
  MESSAGING_MIGRATION,
  IDEMPOTENCY_MIGRATION,
  MessagingModule,
  MessagingOptions,
  NATS_CONNECTION,
  OutboxEvent,
  SERVICE_METRICS,
  initTracing,
  shutdownTracing,
} from '@dental/messaging';
import { ensureDatabase, migrateUnderLock, MigrationList, ormOptions, OrmSetup } from '@dental/persistence';
import { EntityClass } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import {
  DynamicModule,
  Inject,
  INestApplication,
  Injectable,
  Module,
  OnApplicationShutdown,
  Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { Logger } from 'nestjs-pino';
import { NatsConnection } from 'nats';
import { loadConfig, ServiceConfig } from './config';
import { HealthController } from './health.controller';
import { httpMetricsMiddleware, MetricsController } from './metrics.controller';
import { loggingModule } from './logging';

export interface ServiceDefinition<C extends ServiceConfig = ServiceConfig> {
  name: ServiceName;
  config: new () => C;
  entities: EntityClass<unknown>[];
  migrations: MigrationList;
  /** The service's feature modules. */
  imports: (config: C) => Array<Type<unknown> | DynamicModule>;
  /** HTTP set-up beyond health (the gateway's API). */
  configureHttp?: (app: INestApplication, config: C) => void;
  messaging?: Partial<Pick<MessagingOptions, 'relay' | 'consumer' | 'faults' | 'relayPollMs'>>;
}

export interface StartOptions {
  /** Extra settings for tests (fault injection, small batches). */
  messaging?: Partial<MessagingOptions>;
  /** Pretty logs off, quieter tests. */
  logLevel?: string;
}

export function ormSetup(def: Pick<ServiceDefinition, 'entities' | 'migrations'>, config: ServiceConfig): OrmSetup {
  return {
    clientUrl: config.DATABASE_URL,
    entities: [OutboxEvent, ...def.entities],
    migrations: [MESSAGING_MIGRATION, IDEMPOTENCY_MIGRATION, ...def.migrations],
  };
}

/** Creates the database if missing and applies the service's migrations under the advisory lock. */
export async function migrateService<C extends ServiceConfig>(
  def: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const config = loadConfig(def.config, env);
  await ensureDatabase(config.DATABASE_URL);
  return migrateUnderLock(ormSetup(def, config));
}

@Injectable()
class NatsDrain implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    // Consumers and subscriptions stopped in beforeApplicationShutdown; drain flushes what is in flight.
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => undefined);
    await shutdownTracing();
  }
}

/**
 * Starts one service: validated config, its database (created and migrated), NATS (fail fast), the Nest app with
 * health, JSON logs and the bus. The same path serves `main.ts`, the tests and `npm start`.
 */
export async function startService<C extends ServiceConfig>(
  def: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv,
  options: StartOptions = {},
): Promise<{ app: INestApplication; config: C; url: string }> {
  const config = loadConfig(def.config, { ...env, PORT: env.PORT ?? String(SERVICES[def.name].port) });
  await ensureDatabase(config.DATABASE_URL);
  if (config.MIGRATE_ON_START) await migrateUnderLock(ormSetup(def, config));
  const nc = await connectNats(config.NATS_URL, def.name);
  initTracing(def.name, config.OTEL_EXPORTER_OTLP_ENDPOINT);
  try {
    const naming = new BusNaming(config.BUS_PREFIX);
    const descriptor = SERVICES[def.name];
    const messaging: MessagingOptions = {
      service: def.name,
      streams: descriptor.stream ? [descriptor.stream] : [],
      streamSettings: { replicas: Number(env.STREAM_REPLICAS ?? 1), maxAgeMs: 0 },
      rpcTimeoutMs: config.RPC_TIMEOUT_MS,
      ...def.messaging,
      ...options.messaging,
    };

    @Module({
      imports: [
        loggingModule(def.name, options.logLevel ?? config.LOG_LEVEL),
        MikroOrmModule.forRoot({ ...ormOptions(ormSetup(def, config)), registerRequestContext: true }),
        MessagingModule.forService(nc, naming, messaging),
        TerminusModule.forRoot({ logger: false }),
        ...def.imports(config),
      ],
      controllers: [HealthController, MetricsController],
      providers: [NatsDrain],
    })
    class ServiceRootModule {}

    const app = await NestFactory.create(ServiceRootModule, { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks();
    app.use(httpMetricsMiddleware(app.get(SERVICE_METRICS)));
    def.configureHttp?.(app, config);
    // the bus is the app's microservice: Nest registers every @MessagePattern/@EventPattern with the BusServer here,
    // the hooks run (streams ensured, relay started), then requests and events are taken, then HTTP
    app.connectMicroservice({ strategy: app.get(BusServer) });
    await app.init();
    await app.startAllMicroservices();
    await app.listen(config.PORT, config.HOST);
    const address = app.getHttpServer().address() as { port: number };
    return { app, config, url: `http://127.0.0.1:${address.port}` };
  } catch (e) {
    await nc.close();
    throw e;
  }
}

/** For main.ts: any start-up failure is one line on stderr and exit code 1. */
export async function runMain<C extends ServiceConfig>(
  def: ServiceDefinition<C>,
  mode: 'serve' | 'migrate' = 'serve',
): Promise<void> {
  try {
    if (mode === 'migrate') {
      const applied = await migrateService(def, process.env);
      process.stdout.write(`${def.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}\n`);
      return;
    }
    await startService(def, process.env);
  } catch (e) {
    process.stderr.write(`${def.name}: ${(e as Error).message.split('\n')[0]}\n`);
    process.exit(1);
  }
}
