import { CallerContext, CommonErrors, DomainError, ErrorBody, HEADERS, TenantErrors } from '@dental/contracts';
import { RequestContext } from '../request-context';
import { SpanKind, startSpan } from '../tracing';
import { MikroORM, RequestContext as OrmContext } from '@mikro-orm/core';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Msg, NatsConnection, Subscription } from 'nats';
import { BusNaming } from '../bus-naming';
import { callerFromHeaders } from '../caller';
import { discoverMethods } from '../discover';
import { ServiceMetrics } from '../metrics';
import { BUS_NAMING, NATS_CONNECTION, SERVICE_METRICS, SERVICE_NAME } from '../tokens';
import { RPC_HANDLER, RpcHandlerMeta } from './rpc-handler.decorator';
import { validatePayload } from './validate';
import { toJson } from './rpc-json';
import { IdempotentRequest, runIdempotent } from './idempotency';
import { isInfrastructureFailure } from '../infrastructure-failure';

/** `replayed`: the stored answer of an earlier request with the same Idempotency-Key. */
export type RpcReply = { ok: true; data: unknown; replayed?: true } | { ok: false; error: ErrorBody };

/** Subscribes every @RpcHandler on a queue group named after the service, so replicas share the load. */
@Injectable()
export class RpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RpcServer.name);
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_NAMING) private readonly naming: BusNaming,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics,
    @Optional() private readonly orm?: MikroORM,
  ) {}

  onApplicationBootstrap(): void {
    for (const { meta, fn } of discoverMethods<RpcHandlerMeta>(
      this.discovery,
      this.scanner,
      this.reflector,
      RPC_HANDLER,
    )) {
      this.subscribe(meta, fn as (p: unknown, c: CallerContext) => Promise<unknown>);
    }
  }

  private subscribe(meta: RpcHandlerMeta, fn: (p: unknown, c: CallerContext) => Promise<unknown>): void {
    const subject = this.naming.rpc(meta.subject);
    const sub = this.nc.subscribe(subject, {
      queue: this.service,
      callback: (err, msg) => {
        if (err) return this.logger.error({ err, subject }, 'subscription error');
        void this.handle(meta, fn, msg);
      },
    });
    this.subscriptions.push(sub);
  }

  private async handle(meta: RpcHandlerMeta, fn: (p: unknown, c: CallerContext) => Promise<unknown>, msg: Msg) {
    const caller = callerFromHeaders(msg.headers);
    const correlationId = caller?.correlationId || msg.headers?.get(HEADERS.correlationId) || randomUUID();
    const span = startSpan(`rpc ${meta.subject}`, SpanKind.SERVER, msg.headers?.get(HEADERS.traceparent) || undefined, {
      'messaging.destination': meta.subject,
    });
    const context = {
      correlationId,
      traceId: span.traceId,
      traceparent: span.traceparent,
      organizationId: caller?.organizationId,
      userId: caller?.userId,
    };
    await RequestContext.run(context, async () => {
      let reply: RpcReply;
      const started = performance.now();
      try {
        if (!caller) throw new DomainError(TenantErrors.MISSING, 400, 'the request carries no organization');
        const payload = msg.data.length ? JSON.parse(Buffer.from(msg.data).toString('utf8')) : {};
        const input = meta.dto ? await validatePayload(meta.dto, payload) : payload;
        const idempotency = meta.idempotent ? this.idempotencyOf(meta.subject, msg, caller) : undefined;
        const orm = this.orm;
        if (idempotency && orm) {
          const outcome = await OrmContext.create(orm.em, () =>
            runIdempotent(orm, idempotency, () => fn(input, caller)),
          );
          reply = { ok: true, data: outcome.data, ...(outcome.replayed ? { replayed: true as const } : {}) };
        } else {
          const run = () => fn(input, caller);
          const data = orm ? await OrmContext.create(orm.em, run) : await run();
          reply = { ok: true, data: data ?? null };
        }
      } catch (e) {
        reply = { ok: false, error: this.toErrorBody(e, meta.subject) };
      }
      const status = reply.ok ? 200 : reply.error.status;
      const seconds = (performance.now() - started) / 1000;
      this.metrics.natsRequests.inc({ subject: meta.subject, status: String(status) });
      this.metrics.natsDuration.observe({ subject: meta.subject }, seconds);
      this.logger.log({ subject: meta.subject, status, durationMs: Math.round(seconds * 1000) }, 'request handled');
      span.end(reply.ok ? undefined : reply.error.code);
      if (msg.reply) msg.respond(Buffer.from(toJson(reply)));
    });
  }

  private idempotencyOf(subject: string, msg: Msg, caller: CallerContext): IdempotentRequest | undefined {
    const key = msg.headers?.get(HEADERS.idempotencyKey);
    const hash = msg.headers?.get(HEADERS.idempotencyHash);
    return key && hash ? { subject, key, hash, caller } : undefined;
  }

  private toErrorBody(e: unknown, subject: string): ErrorBody {
    if (e instanceof DomainError) return e.toBody();
    if (e instanceof SyntaxError)
      return { code: CommonErrors.VALIDATION, status: 400, message: 'the body is not valid JSON' };
    if (isInfrastructureFailure(e)) {
      // the database (or the bus) is down or gave the transaction up: nothing was stored, the client may retry
      this.logger.warn({ err: e, subject }, 'request failed on infrastructure');
      return {
        code: CommonErrors.UNAVAILABLE,
        status: 503,
        message: `${this.service} cannot reach its database or the bus right now; retry shortly`,
      };
    }
    this.logger.error({ err: e, subject }, 'request failed');
    return { code: CommonErrors.INTERNAL, status: 500, message: 'the service failed to handle the request' };
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
