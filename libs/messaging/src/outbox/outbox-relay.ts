import { HEADERS } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/core';
import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { createInbox, headers as natsHeaders, Msg, NatsConnection } from 'nats';
import { BusNaming } from '../bus-naming';
import { ServiceMetrics } from '../metrics';
import { BUS_NAMING, MESSAGING_OPTIONS, NATS_CONNECTION, SERVICE_METRICS } from '../tokens';
import type { MessagingOptions } from '../messaging.options';

// Transaction-scoped advisory lock: one relay of a service publishes at a time, which keeps the service's order.
const RELAY_LOCK_KEY = 7_310_002;

// A pass publishes at most this many batches or for about this long before it commits its marks.
const PASS_BATCHES = 10;
const PASS_MS = 500;

// JetStream's de-duplication header (what js.publish sets from `msgID`) and its default PubAck timeout.
const MSG_ID_HEADER = 'Nats-Msg-Id';
const PUBACK_TIMEOUT_MS = 5000;

/** Why a PubAck is not one: a status without payload (503 no stream listens, ...) or an error body. */
function pubAckProblem(msg: Msg): Error | null {
  if (!msg.data.length && msg.headers && msg.headers.code >= 300) {
    return new Error(`publish refused: ${msg.headers.code} ${msg.headers.description}`);
  }
  let ack: { stream?: string; error?: { code?: number; description?: string } };
  try {
    ack = msg.json();
  } catch {
    return new Error('publish answered with no JSON');
  }
  if (ack.error) return new Error(`publish refused: ${ack.error.code} ${ack.error.description}`);
  return ack.stream ? null : new Error('publish answered without a stream');
}

interface Row {
  id: string;
  /** its seq as text (bigint) */
  position: string;
  type: string;
  /** the stored JSON text of the envelope */
  envelope: string;
  correlation_id: string | null;
}

/**
 * Publishes committed outbox rows to JetStream with Nats-Msg-Id = event id, waits for every PubAck, then marks the
 * rows published in the same transaction (see publishBatch). A crash before the mark re-publishes; JetStream drops the duplicate
 * within its window and consumers' inboxes drop it after that.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
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

  /**
   * One pass, in one transaction under the relay lock: publishes batches in `seq` order and awaits every PubAck of a
   * batch before the next one goes out; the statement that marks a batch published also reads the next one, and runs
   * while that next batch is being published. The marks commit together at the end of the pass (a few batches or
   * half a second), so a crash re-publishes at most one pass, which JetStream's duplicate window drops.
   * Returns how many events it published.
   */
  async publishBatch(limit = this.options.relayBatch ?? 1000): Promise<number> {
    const em = this.orm.em.fork() as EntityManager;
    return em.transactional(async (tx) => {
      this.own.add(tx);
      // Rows just inserted have no statistics yet: without a sort the planner walks the unpublished index in seq
      // order and stops at the limit, instead of sorting every unpublished row for each batch.
      const [{ locked }] = await tx.execute<{ locked: boolean }[]>(
        `select pg_try_advisory_xact_lock(?) as locked, set_config('enable_sort', 'off', true),
           set_config('jit', 'off', true)`,
        [RELAY_LOCK_KEY],
      );
      if (!locked) return 0;
      const started = Date.now();
      let batch = await this.markAndRead(tx, [], '0', limit);
      let published = 0;
      let toMark: string[] = [];
      while (batch.length) {
        const more = published + batch.length < limit * PASS_BATCHES && Date.now() - started < PASS_MS;
        const [sent, next] = await Promise.allSettled([
          this.publish(batch),
          // marks the previous batch (all its PubAcks are in) and reads the one after this batch
          this.markAndRead(tx, toMark, more ? batch[batch.length - 1].position : null, limit),
        ]);
        if (sent.status === 'rejected') throw sent.reason;
        if (next.status === 'rejected') throw next.reason;
        await this.options.faults?.afterPublishBeforeMark?.(batch.length);
        published += batch.length;
        toMark = batch.map((r) => r.id);
        batch = next.value;
      }
      if (toMark.length) await this.markAndRead(tx, toMark, null, limit);
      return published;
    });
  }

  /** Marks `ids` published and, unless `after` is null, reads (and locks) the next unpublished rows after seq `after`. */
  private async markAndRead(tx: EntityManager, ids: string[], after: string | null, limit: number): Promise<Row[]> {
    // A uuid[] literal: a JS array as a binding would be expanded into a list of parameters.
    const marked = `{${ids.join(',')}}`;
    if (after === null) {
      if (ids.length)
        await tx.execute('update outbox_event set published_at = now() where id = any(?::uuid[])', [marked]);
      return [];
    }
    return tx.execute<Row[]>(
      `with marked as (update outbox_event set published_at = now() where id = any(?::uuid[]))
       select id, seq::text as position, type, envelope::text as envelope, envelope->>'correlationId' as correlation_id
       from outbox_event where published_at is null and seq > ? order by seq limit ? for update skip locked`,
      [marked, after, limit],
    );
  }

  /**
   * Publishes the rows as stored (no parse, no re-serialization), each with its Nats-Msg-Id, and resolves when every
   * PubAck is in; any error reply, a missing stream or no answer within PUBACK_TIMEOUT_MS fails the batch. What
   * `js.publish` does per message, once per batch: one reply subscription, one timer, one socket write.
   */
  private publish(rows: Row[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const inbox = createInbox();
      const acked = new Set<string>();
      const finish = (err?: Error) => {
        clearTimeout(timer);
        sub.unsubscribe();
        if (err) reject(err);
        else resolve();
      };
      const sub = this.nc.subscribe(`${inbox}.*`, {
        callback: (err, msg) => {
          const problem = err ?? pubAckProblem(msg);
          if (problem) return finish(problem);
          acked.add(msg.subject);
          if (acked.size === rows.length) finish();
        },
      });
      const timer = setTimeout(
        () => finish(new Error(`${rows.length - acked.size} PubAcks missing after ${PUBACK_TIMEOUT_MS} ms`)),
        PUBACK_TIMEOUT_MS,
      );
      try {
        rows.forEach((row, i) => {
          const h = natsHeaders();
          h.set(MSG_ID_HEADER, row.id);
          if (row.correlation_id) h.set(HEADERS.correlationId, row.correlation_id);
          this.nc.publish(this.naming.event(row.type), Buffer.from(row.envelope), {
            headers: h,
            reply: `${inbox}.${i}`,
          });
        });
      } catch (err) {
        finish(err as Error); // e.g. the connection is closed
      }
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
