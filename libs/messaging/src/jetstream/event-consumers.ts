import { MikroORM } from '@mikro-orm/core';
import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JetStreamManager, NatsConnection } from 'nats';
import { BusNaming } from '../bus-naming';
import { discoverMethods } from '../discover';
import type { MessagingOptions } from '../messaging.options';
import { ServiceMetrics } from '../metrics';
import { BUS_NAMING, MESSAGING_OPTIONS, NATS_CONNECTION, SERVICE_METRICS } from '../tokens';
import { EVENT_HANDLER } from './event-handler.decorator';
import { EventConsumer, EventHandlerFn } from './event-consumer';
import { ensureStreams } from './streams';

/** Ensures the streams, then starts one durable consumer per stream that has @OnEvent handlers in this service. */
@Injectable()
export class EventConsumers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly consumers: EventConsumer[] = [];
  private jsm: JetStreamManager;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_NAMING) private readonly naming: BusNaming,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics,
  ) {}

  async onModuleInit(): Promise<void> {
    this.jsm = await this.nc.jetstreamManager();
    const handlers = this.discoverHandlers();
    const streams = [...this.options.streams, ...[...handlers.keys()].map(BusNaming.streamOfType)];
    await ensureStreams(this.jsm, this.naming, streams, this.options.streamSettings);
    const byStream = new Map<string, Map<string, EventHandlerFn>>();
    for (const [type, fn] of handlers) {
      const stream = BusNaming.streamOfType(type);
      if (!byStream.has(stream)) byStream.set(stream, new Map());
      byStream.get(stream)!.set(type, fn);
    }
    const c = this.options.consumer ?? {};
    for (const [stream, map] of byStream) {
      this.consumers.push(
        new EventConsumer(this.nc, this.jsm, this.orm, this.naming, {
          consumer: this.options.service,
          stream,
          handlers: map,
          batchSize: c.batchSize ?? 200,
          ackWaitMs: c.ackWaitMs ?? 30_000,
          maxDeliver: c.maxDeliver ?? 8,
          faults: this.options.faults,
          metrics: this.metrics,
        }),
      );
    }
  }

  private discoverHandlers(): Map<string, EventHandlerFn> {
    const found = new Map<string, EventHandlerFn>();
    for (const { meta: type, fn } of discoverMethods<string>(
      this.discovery,
      this.scanner,
      this.reflector,
      EVENT_HANDLER,
    )) {
      // several read models of one service may follow the same event: their handlers run in turn, in one transaction
      const before = found.get(type);
      const handler = fn as EventHandlerFn;
      found.set(
        type,
        before
          ? async (e, em) => {
              await before(e, em);
              await handler(e, em);
            }
          : handler,
      );
    }
    return found;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.metrics.gauge(
      'consumer_lag',
      'Events not yet handled by this service (pending + unacknowledged), by stream',
      ['stream'],
      async () => Object.entries(await this.lag()).map(([stream, value]) => ({ labels: { stream }, value })),
    );
    for (const c of this.consumers) await c.start();
  }

  async lag(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const c of this.consumers) out[c.stream] = await c.lag();
    return out;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
