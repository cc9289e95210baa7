import {
  CallerContext,
  DomainError,
  ErrorBody,
  EventContract,
  EventEnvelope,
  HEADERS,
  payloadProblems,
  TenantErrors,
} from '@dental/contracts';
import { MikroORM, RequestContext as OrmContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, MessageHandler, RpcException, Server } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { JetStreamManager, Msg, NatsConnection, Subscription } from 'nats';
import { isObservable, lastValueFrom } from 'rxjs';
import { BusNaming } from '../bus-naming';
import { callerFromHeaders } from '../caller';
import { EventConsumer, EventRoute } from '../jetstream/event-consumer';
import { ensureStreams } from '../jetstream/streams';
import type { MessagingOptions } from '../messaging.options';
import { ServiceMetrics } from '../metrics';
import { RequestContext } from '../request-context';
import { IdempotentRequest, runIdempotent } from '../rpc/idempotency';
import { toJson } from '../rpc/rpc-json';
import { BUS_NAMING, MESSAGING_OPTIONS, NATS_CONNECTION, SERVICE_METRICS } from '../tokens';
import { SpanKind, startSpan } from '../tracing';
import { BusEventContext, BusRequestContext } from './bus-context';
import type { MessageExtras } from './bus-decorators';
import { toErrorBody } from './bus-exception.filter';

/** The wire answer of a request. `replayed`: the stored answer of an earlier request with the same Idempotency-Key. */
export type RpcReply = { ok: true; data: unknown; replayed?: true } | { ok: false; error: ErrorBody };

/**
 * The service's side of the bus as a Nest transport (`app.connectMicroservice({ strategy })`): Nest registers every
 * `@MessagePattern` and `@EventPattern` of the service's controllers here, with its pipes, guards, interceptors and
 * exception filters around each.
 * - Requests: one NATS subscription per subject, in a queue group named after the service (replicas share the load),
 *   each message in its own MikroORM request context; `IDEMPOTENT` handlers run under the client's key.
 * - Events: one durable JetStream pull consumer per consumed stream (EventConsumer: batches, inbox, acks after commit,
 *   backoff, dead letters). Each handler names the contract it reads (`@Handles(contract)`): an event is routed on its
 *   type and version, its payload validated against the contract's class first; the handlers of one type and version
 *   run in turn inside the batch's transaction. A version the service does not read, or a payload that breaks its
 *   contract, is dead-lettered at once with the reason (retrying cannot mend it).
 */
@Injectable()
export class BusServer extends Server implements CustomTransportStrategy, OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger(BusServer.name);
  private readonly subscriptions: Subscription[] = [];
  /** type → version → the contract and the handlers that read it */
  private readonly eventHandlers = new Map<
    string,
    Map<number, { contract: EventContract; handlers: MessageHandler[] }>
  >();
  readonly consumers: EventConsumer[] = [];
  private jsm?: JetStreamManager;
  private closed = false;

  constructor(
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_NAMING) private readonly naming: BusNaming,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics,
  ) {
    super();
  }

  /**
   * Several read models of one service may follow one event: kept in a list and run in turn, not in parallel. An
   * event handler without a contract is refused at start-up: nothing reads an unvalidated, unversioned payload.
   */
  override addHandler(pattern: string, callback: MessageHandler, isEventHandler = false, extras = {}): void {
    if (!isEventHandler) return super.addHandler(pattern, callback, false, extras);
    const contract = (extras as MessageExtras).event;
    if (!contract || contract.type !== pattern)
      throw new Error(
        `event handler for ${pattern} names no contract: use @Handles(<contract>) instead of @EventPattern`,
      );
    const versions = this.eventHandlers.get(pattern) ?? new Map();
    const entry = versions.get(contract.version) ?? { contract, handlers: [] };
    entry.handlers.push(callback);
    versions.set(contract.version, entry);
    this.eventHandlers.set(pattern, versions);
  }

  /** The streams exist before the outbox relay publishes (it starts at bootstrap, before listen). */
  async onModuleInit(): Promise<void> {
    this.jsm = await this.nc.jetstreamManager();
    const consumed = [...this.eventHandlers.keys()].map(BusNaming.streamOfType);
    await ensureStreams(this.jsm, this.naming, [...this.options.streams, ...consumed], this.options.streamSettings);
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      for (const [subject, handler] of this.messageHandlers) this.subscribe(subject, handler);
      await this.startConsumers();
      callback();
    } catch (e) {
      callback(e);
    }
  }

  private async startConsumers(): Promise<void> {
    const byStream = new Map<string, Map<string, EventRoute>>();
    for (const [type, versions] of this.eventHandlers) {
      const stream = BusNaming.streamOfType(type);
      if (!byStream.has(stream)) byStream.set(stream, new Map());
      byStream.get(stream)!.set(type, {
        screen: (event) => this.screen(versions, event),
        handle: (event, em) => this.runEventHandlers(versions.get(event.version)!.handlers, event, em),
      });
    }
    const c = this.options.consumer ?? {};
    for (const [stream, handlers] of byStream) {
      this.consumers.push(
        new EventConsumer(this.nc, this.jsm ?? (await this.nc.jetstreamManager()), this.orm, this.naming, {
          consumer: this.options.service,
          stream,
          handlers,
          batchSize: c.batchSize ?? 200,
          ackWaitMs: c.ackWaitMs ?? 30_000,
          maxDeliver: c.maxDeliver ?? 8,
          faults: this.options.faults,
          metrics: this.metrics,
        }),
      );
    }
    this.metrics.gauge(
      'consumer_lag',
      'Events not yet handled by this service (pending + unacknowledged), by stream',
      ['stream'],
      async () => Object.entries(await this.lag()).map(([stream, value]) => ({ labels: { stream }, value })),
    );
    for (const consumer of this.consumers) await consumer.start();
  }

  /**
   * Whether an event of a type this service reads can be handled: `undefined` yes; `skip` when it is a side-by-side copy
   * in a version this service does not read while it reads another of the copies; otherwise the reason to dead-letter.
   */
  private screen(
    versions: Map<number, { contract: EventContract }>,
    event: EventEnvelope,
  ): { skip: true } | { reject: string } | undefined {
    const entry = versions.get(event.version);
    if (!entry) {
      if (event.sideBySide?.some((v) => versions.has(v))) return { skip: true };
      const known = [...versions.keys()].map((v) => `v${v}`).join(', ');
      return {
        reject: `unknown version: ${event.type} v${event.version} is not read by ${this.options.service} (it reads ${known})`,
      };
    }
    const problems = payloadProblems(entry.contract, event.payload);
    if (problems.length)
      return { reject: `payload breaks ${event.type} v${event.version}: ${problems.join('; ')}`.slice(0, 480) };
    return undefined;
  }

  /** Runs each handler of the event type in turn; an error (passed on as it is by the filter) fails the batch. */
  private async runEventHandlers(handlers: MessageHandler[], event: EventEnvelope, em: EntityManager): Promise<void> {
    const ctx = new BusEventContext([event, em]);
    for (const handler of handlers) await this.invoke(handler, event, ctx, undefined);
  }

  /**
   * Calls Nest's handler (pipes, guards, interceptors, the method, the exception filter) and answers its value. Nest
   * answers a value or an Observable (the handler's own, or the filter's error, thrown here). Awaited directly
   * rather than through rxjs: every promise costs the async-context hooks, and events come by the thousand a second.
   */
  private async invoke(handler: MessageHandler, data: unknown, ctx: BaseRpcContext, empty: unknown): Promise<unknown> {
    const result: unknown = await handler(data, ctx);
    return isObservable(result) ? lastValueFrom(result, { defaultValue: empty }) : result;
  }

  private subscribe(subject: string, handler: MessageHandler): void {
    const wire = this.naming.rpc(subject);
    this.subscriptions.push(
      this.nc.subscribe(wire, {
        queue: this.options.service,
        callback: (err, msg) => {
          if (err) return this.log.error({ err, subject: wire }, 'subscription error');
          void this.handleRequest(subject, handler, msg);
        },
      }),
    );
  }

  private async handleRequest(subject: string, handler: MessageHandler, msg: Msg): Promise<void> {
    const caller = callerFromHeaders(msg.headers);
    const span = startSpan(`rpc ${subject}`, SpanKind.SERVER, msg.headers?.get(HEADERS.traceparent) || undefined, {
      'messaging.destination': subject,
    });
    const context = {
      correlationId: caller?.correlationId || msg.headers?.get(HEADERS.correlationId) || randomUUID(),
      traceId: span.traceId,
      traceparent: span.traceparent,
      organizationId: caller?.organizationId,
      userId: caller?.userId,
    };
    await RequestContext.run(context, async () => {
      const started = performance.now();
      const reply = await this.answer(subject, handler, msg, caller);
      const status = reply.ok ? 200 : reply.error.status;
      const seconds = (performance.now() - started) / 1000;
      this.metrics.natsRequests.inc({ subject, status: String(status) });
      this.metrics.natsDuration.observe({ subject }, seconds);
      this.log.log({ subject, status, durationMs: Math.round(seconds * 1000) }, 'request handled');
      span.end(reply.ok ? undefined : reply.error.code);
      if (msg.reply) msg.respond(Buffer.from(toJson(reply)));
    });
  }

  private async answer(subject: string, handler: MessageHandler, msg: Msg, caller?: CallerContext): Promise<RpcReply> {
    try {
      if (!caller) throw new DomainError(TenantErrors.MISSING, 400, 'the request carries no organization');
      const payload: unknown = msg.data.length ? JSON.parse(Buffer.from(msg.data).toString('utf8')) : {};
      const ctx = new BusRequestContext([msg, caller, subject, this.options.service]);
      const run = () => this.invoke(handler, payload, ctx, null);
      const idempotency = (handler.extras as MessageExtras | undefined)?.idempotent
        ? this.idempotencyOf(subject, msg, caller)
        : undefined;
      if (idempotency) {
        const outcome = await OrmContext.create(this.orm.em, () => runIdempotent(this.orm, idempotency, run));
        return { ok: true, data: outcome.data, ...(outcome.replayed ? { replayed: true as const } : {}) };
      }
      return { ok: true, data: (await OrmContext.create(this.orm.em, run)) ?? null };
    } catch (e) {
      const body =
        e instanceof RpcException ? (e.getError() as ErrorBody) : toErrorBody(e, subject, this.options.service);
      return { ok: false, error: body };
    }
  }

  private idempotencyOf(subject: string, msg: Msg, caller: CallerContext): IdempotentRequest | undefined {
    const key = msg.headers?.get(HEADERS.idempotencyKey);
    const hash = msg.headers?.get(HEADERS.idempotencyHash);
    return key && hash ? { subject, key, hash, caller } : undefined;
  }

  /** Pending + unacknowledged events per consumed stream: the lag Kubernetes scales reporting on. */
  async lag(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const c of this.consumers) out[c.stream] = await c.lag();
    return out;
  }

  /** Stops taking requests and events before the rest shuts down; Nest calls close() again later (a no-op). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.subscriptions) s.unsubscribe();
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  on(): never {
    throw new Error('the bus server has no events to listen to');
  }

  unwrap<T>(): T {
    return this.nc as T;
  }
}
