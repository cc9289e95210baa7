import { EventEnvelope, HEADERS } from '@dental/contracts';
import { RequestContext } from '../request-context';
import { executeBound } from '@dental/persistence';
import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import {
  AckPolicy,
  ConsumerConfig,
  ConsumerMessages,
  DeliverPolicy,
  headers as natsHeaders,
  JetStreamManager,
  JsMsg,
  nanos,
  NatsConnection,
} from 'nats';
import { BusNaming } from '../bus-naming';
import type { ServiceMetrics } from '../metrics';
import { isInfrastructureFailure } from '../infrastructure-failure';

export type EventHandlerFn = (event: EventEnvelope, em: EntityManager) => Promise<void>;

/** How a consumer treats one event type: `screen` first (skip it, or a reason to dead-letter it at once), then `handle`. */
export interface EventRoute {
  screen?: (event: EventEnvelope) => { skip: true } | { reject: string } | undefined;
  handle: EventHandlerFn;
}

// The work handlers of the running batch left for its end, by batch transaction; see atBatchEnd.
const batchEnds = new WeakMap<EntityManager, Map<unknown, () => Promise<void>>>();

/**
 * Runs `work` once at the end of the consumer batch whose transaction `em` is, after every handler of the batch and
 * before the commit (one call per `key`, however many events register it): handlers can collect their events and
 * apply them set-based. Outside a consumer batch it runs at once.
 */
export async function atBatchEnd(em: EntityManager, key: unknown, work: () => Promise<void>): Promise<void> {
  const ends = batchEnds.get(em);
  if (!ends) return work();
  if (!ends.has(key)) ends.set(key, work);
}

export interface ConsumerSettings {
  /** Consuming service: the durable consumer's name, shared by all its replicas. */
  consumer: string;
  stream: string;
  handlers: Map<string, EventRoute>;
  batchSize: number;
  ackWaitMs: number;
  maxDeliver: number;
  faults?: { afterCommitBeforeAck?: (events: EventEnvelope[]) => void | Promise<void> };
  metrics?: ServiceMetrics;
}

/**
 * One durable pull consumer per (consuming service, stream). Messages are handled in batches, each batch in one
 * transaction with its inbox rows, acked only after commit. A batch that fails is retried one message at a time,
 * so one bad event cannot hold others back; after `maxDeliver` tries it goes to the dead-letter subject.
 */
/**
 * A NATS header value: one line of printable text. Error messages span lines (a SQL error's DETAIL, a stack), and a
 * header with CR or LF is refused by the client, which would make the dead-letter path itself fail.
 */
function headerValue(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

export class EventConsumer {
  private readonly logger: Logger;
  private messages?: ConsumerMessages;
  private queue: JsMsg[] = [];
  private processing?: Promise<void>;
  private loop?: Promise<void>;
  private stopping = false;
  /** The batch being handled: kept in progress with the queue while an outage lasts. */
  private inFlight: JsMsg[] = [];
  handled = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly orm: MikroORM,
    private readonly naming: BusNaming,
    private readonly settings: ConsumerSettings,
  ) {
    this.logger = new Logger(`EventConsumer:${settings.consumer}:${settings.stream}`);
  }

  /** The logical stream (PAYMENTS): metric labels use it whatever the bus prefix. */
  get stream(): string {
    return this.settings.stream;
  }

  get streamName(): string {
    return this.naming.stream(this.settings.stream);
  }

  consumerConfig(): Partial<ConsumerConfig> {
    const s = this.settings;
    return {
      durable_name: s.consumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(s.ackWaitMs),
      max_deliver: s.maxDeliver,
      max_ack_pending: s.batchSize * 4,
    };
  }

  async start(): Promise<void> {
    const config = this.consumerConfig();
    try {
      await this.jsm.consumers.add(this.streamName, config);
    } catch (e) {
      if (!/already in use|already exists/i.test((e as Error).message)) throw e;
      await this.jsm.consumers.update(this.streamName, this.settings.consumer, config);
    }
    const consumer = await this.nc.jetstream().consumers.get(this.streamName, this.settings.consumer);
    this.messages = await consumer.consume({ max_messages: this.settings.batchSize * 2 });
    this.loop = (async () => {
      for await (const m of this.messages!) {
        if (m.info.deliveryCount > 1) this.settings.metrics?.redeliveries.inc({ stream: this.settings.stream });
        this.queue.push(m);
        this.schedule();
      }
    })();
  }

  private schedule(): void {
    this.processing ??= this.drain().finally(() => {
      this.processing = undefined;
      // a message queued after drain() saw the queue empty, but before this reset, would otherwise wait for the next one
      if (this.queue.length) this.schedule();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.settings.batchSize);
      this.inFlight = batch;
      await this.handleBatch(batch);
      this.inFlight = [];
    }
  }

  private decode(m: JsMsg): EventEnvelope | undefined {
    try {
      const e = JSON.parse(Buffer.from(m.data).toString('utf8')) as EventEnvelope;
      if (typeof e?.id === 'string' && typeof e.type === 'string' && e.organizationId) return e;
    } catch {
      // fall through
    }
    return undefined;
  }

  private async handleBatch(batch: JsMsg[]): Promise<void> {
    const work: { m: JsMsg; e: EventEnvelope; fn: EventHandlerFn }[] = [];
    for (const m of batch) {
      const e = this.decode(m);
      if (!e) {
        this.logger.error({ subject: m.subject, seq: m.seq }, 'malformed event terminated');
        m.term(); // no reason: NATS 2.9 ignores a "+TERM <reason>" ack, the message would stay pending
        continue;
      }
      const route = this.settings.handlers.get(e.type);
      const verdict = route?.screen?.(e);
      if (!route || (verdict && 'skip' in verdict))
        m.ack(); // not an event (or a copy) this service reads
      else if (verdict) await this.deadLetter(m, e, verdict.reject);
      else work.push({ m, e, fn: route.handle });
    }
    if (!work.length) return;
    for (let outage = 0; ; outage++) {
      try {
        await this.commit(work);
        if (outage) this.logger.log({ outageRetries: outage }, 'infrastructure back; consuming again');
        return;
      } catch (err) {
        if (this.stopping) return; // unacked: redelivered after ack_wait, the inbox keeps it once
        if (isInfrastructureFailure(err)) {
          // our database or a neighbour is down: not the message's fault, so its deliveries are not spent
          await this.waitOutOutage(outage, err as Error);
          continue;
        }
        if (work.length > 1) {
          for (const w of work) await this.handleBatch([w.m]);
          return;
        }
        await this.fail(work[0].m, work[0].e, err as Error);
        return;
      }
    }
  }

  /**
   * Pauses this consumer while its infrastructure is down (the loop is sequential, so nothing else is handled
   * meanwhile), with backoff up to 5 s. Every message it holds is kept in progress (`working()`), so JetStream
   * neither redelivers it nor counts a delivery, however long the outage lasts.
   */
  private async waitOutOutage(outage: number, err: Error): Promise<void> {
    const waitMs = Math.min(5_000, 250 * 2 ** outage);
    if (outage === 0 || waitMs === 5_000)
      this.logger.warn({ err: err.message, waitMs }, 'infrastructure unavailable; consumption paused');
    this.settings.metrics?.outagePauses.inc({ stream: this.settings.stream });
    // in slices well inside ack_wait, so the messages never time out while the consumer waits
    const slice = Math.max(50, Math.floor(this.settings.ackWaitMs / 3));
    for (let waited = 0; waited < waitMs && !this.stopping; waited += slice) {
      for (const m of [...this.inFlight, ...this.queue]) {
        try {
          m.working();
        } catch {
          // the bus is down too: the message is redelivered after ack_wait and the inbox keeps it once
        }
      }
      await new Promise((r) => setTimeout(r, Math.min(slice, waitMs - waited)));
    }
  }

  private async commit(work: { m: JsMsg; e: EventEnvelope; fn: EventHandlerFn }[]): Promise<void> {
    const em = this.orm.em.fork() as EntityManager;
    await em.transactional(async (tx) => {
      // the whole batch's inbox rows in one statement: the events already handled are left out
      const rows = await executeBound<{ event_id: string }>(
        tx,
        `insert into inbox_event (consumer, event_id)
         select ?, id::uuid from json_array_elements_text(?::json) as ids(id) order by 2
         on conflict do nothing returning event_id`,
        [this.settings.consumer, JSON.stringify(work.map((w) => w.e.id))],
      );
      const claimed = new Set(rows.map((r) => r.event_id));
      const ends = new Map<unknown, () => Promise<void>>();
      batchEnds.set(tx, ends);
      for (const { e, fn } of work) {
        if (!claimed.delete(e.id.toLowerCase())) continue;
        await RequestContext.run({ correlationId: e.correlationId, organizationId: e.organizationId }, () => fn(e, tx));
      }
      batchEnds.delete(tx);
      for (const end of ends.values()) await end();
    });
    await this.settings.faults?.afterCommitBeforeAck?.(work.map((w) => w.e));
    for (const { m } of work) m.ack();
    this.handled += work.length;
    this.settings.metrics?.eventsHandled.inc({ stream: this.settings.stream }, work.length);
  }

  private async fail(m: JsMsg, e: EventEnvelope, err: Error): Promise<void> {
    const deliveries = m.info.deliveryCount;
    if (deliveries >= this.settings.maxDeliver) return this.deadLetter(m, e, err.message, err);
    const backoffMs = Math.min(30_000, 250 * 2 ** (deliveries - 1));
    this.logger.warn({ err, eventId: e.id, type: e.type, deliveries, backoffMs }, 'event handler failed; will retry');
    m.nak(backoffMs);
  }

  /**
   * Stores the event with its reason in DEAD_LETTERS (header `x-dead-letter-reason`), then terminates the original;
   * a lost publish naks it instead, so the event is never lost.
   */
  private async deadLetter(m: JsMsg, e: EventEnvelope, reason: string, err?: Error): Promise<void> {
    const h = natsHeaders();
    try {
      h.set(HEADERS.correlationId, headerValue(e.correlationId ?? ''));
      h.set('x-dead-letter-reason', headerValue(reason).slice(0, 500));
      h.set('x-original-subject', m.subject);
      await this.nc.jetstream().publish(this.naming.deadLetter(this.settings.consumer, e.type), m.data, {
        headers: h,
        msgID: `dlq-${this.settings.consumer}-${e.id}`,
      });
    } catch (publishError) {
      this.logger.error({ err: publishError, eventId: e.id }, 'dead letter not stored; will retry');
      m.nak(30_000);
      return;
    }
    this.settings.metrics?.deadLetters.inc({ stream: this.settings.stream, type: e.type });
    const deliveries = m.info.deliveryCount;
    this.logger.error(
      { err, reason, eventId: e.id, type: e.type, version: e.version, deliveries },
      'event dead-lettered',
    );
    m.term(); // no reason: NATS 2.9 ignores "+TERM <reason>"
  }

  /** Messages not yet delivered or acked: the lag Kubernetes scales reporting on. */
  async lag(): Promise<number> {
    const info = await this.jsm.consumers.info(this.streamName, this.settings.consumer);
    return info.num_pending + info.num_ack_pending;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
    while (this.processing) await this.processing;
  }
}
