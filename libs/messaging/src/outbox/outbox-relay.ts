import { HEADERS } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/core';
import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { headers as natsHeaders, JetStreamClient, NatsConnection } from 'nats';
import { BusNaming } from '../bus-naming';
import { ServiceMetrics } from '../metrics';
import { BUS_NAMING, MESSAGING_OPTIONS, NATS_CONNECTION, SERVICE_METRICS } from '../tokens';
import type { MessagingOptions } from '../messaging.options';

// Transaction-scoped advisory lock: one relay of a service publishes at a time, which keeps the service's order.
const RELAY_LOCK_KEY = 7_310_002;

interface Row {
  id: string;
  type: string;
  envelope: { correlationId?: string };
}

/**
 * Publishes committed outbox rows to JetStream with Nats-Msg-Id = event id, waits for every PubAck, then marks the
 * rows published in the same transaction. A crash before the mark re-publishes; JetStream drops the duplicate
 * within its window and consumers' inboxes drop it after that.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private js: JetStreamClient;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private kicked = false;
  /** The relay's own transactions: their commits must not wake it again, or it never idles. */
  private readonly own = new WeakSet<object>();
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_NAMING) private readonly naming: BusNaming,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.relay === false) return;
    this.metrics.gauge('outbox_backlog', 'Committed events not yet published to JetStream', [], async () => [
      { value: await this.backlog() },
    ]);
    // The owner's view of every consumer of its streams: readable even while a consumer is down.
    this.metrics.gauge(
      'stream_consumer_lag',
      'Events of this service not yet handled by a consumer',
      ['stream', 'consumer'],
      async () => {
        const jsm = await this.nc.jetstreamManager();
        const out: Array<{ labels: Record<string, string>; value: number }> = [];
        for (const stream of this.options.streams) {
          for await (const c of jsm.consumers.list(this.naming.stream(stream))) {
            out.push({ labels: { stream, consumer: c.name }, value: c.num_pending + c.num_ack_pending });
          }
        }
        return out;
      },
    );
    this.js = this.nc.jetstream();
    // Every commit wakes the relay; the poll covers commits of other replicas.
    this.orm.em.getEventManager().registerSubscriber({
      afterTransactionCommit: (args) => {
        if (!this.own.has(args.em)) this.kick();
      },
    });
    this.timer = setInterval(() => this.kick(), this.options.relayPollMs ?? 250);
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.kicked) {
        this.kicked = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.publishBatch()) > 0);
    } catch (err) {
      this.logger.warn({ err }, 'outbox relay pass failed; will retry');
    }
  }

  /** One pass: returns how many events it published. */
  async publishBatch(limit = this.options.relayBatch ?? 500): Promise<number> {
    const em = this.orm.em.fork() as EntityManager;
    return em.transactional(async (tx) => {
      this.own.add(tx);
      const [{ locked }] = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [
        RELAY_LOCK_KEY,
      ]);
      if (!locked) return 0;
      const rows = await tx.execute<Row[]>(
        'select id, type, envelope from outbox_event where published_at is null order by seq limit ? for update skip locked',
        [limit],
      );
      if (!rows.length) return 0;
      await Promise.all(
        rows.map((row) => {
          const h = natsHeaders();
          if (row.envelope.correlationId) h.set(HEADERS.correlationId, row.envelope.correlationId);
          return this.js.publish(this.naming.event(row.type), Buffer.from(JSON.stringify(row.envelope)), {
            msgID: row.id,
            headers: h,
          });
        }),
      );
      await this.options.faults?.afterPublishBeforeMark?.(rows.length);
      await tx.execute(
        'update outbox_event set published_at = now() where id in (' + rows.map(() => '?').join(',') + ')',
        rows.map((r) => r.id),
      );
      return rows.length;
    });
  }

  /** Unpublished rows: the outbox backlog. */
  async backlog(): Promise<number> {
    const [{ n }] = await this.orm.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>('select count(*) as n from outbox_event where published_at is null');
    return Number(n);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.stopped = true;
  }
}
