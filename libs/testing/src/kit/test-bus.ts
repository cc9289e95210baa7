import {
  CallerContext,
  ErrorBody,
  EventContract,
  eventContract,
  EventEnvelope,
  eventVersions,
  HEADERS,
  RpcContract,
} from '@dental/contracts';
import { BusNaming, callerFromHeaders, callerToHeaders, toJson } from '@dental/messaging';
import { connect, headers as natsHeaders, NatsConnection, Subscription } from 'nats';
import { randomUUID } from 'node:crypto';
import { TEST_NATS_URL, TestWorld } from '../test-env';

/** The wire answer of a request (as libs/messaging's BusServer sends it). */
export type RpcAnswer<T> = { ok: true; data: T; replayed?: true } | { ok: false; error: ErrorBody };

/** An error a stub answers with: the service's typed error body. */
export class StubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message = code,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface RpcStub<Req> {
  /** The payloads received so far, with the caller each came from. */
  readonly calls: { payload: Req; caller?: CallerContext }[];
  stop(): void;
}

export interface PublishOptions {
  organizationId: string;
  clinicId?: string | null;
  id?: string;
  occurredAt?: string;
  correlationId?: string;
  /** Send another version than the contract's (to test what a consumer does with it). */
  version?: number;
}

export interface RequestOptions {
  timeoutMs?: number;
  /** A client's Idempotency-Key and request hash, as the gateway sends them on. */
  idempotency?: { key: string; hash: string };
}

/** An event type's contract: the registered one (its newest version), or a bare `{ type }` until it is declared. */
export function eventContractOf<P = unknown>(type: string): EventContract<P> {
  const versions = eventVersions(type);
  const registered = versions.length ? eventContract(type, Math.max(...versions)) : undefined;
  return (registered ?? { type, version: 1, payload: Object, owner: type.split('.')[0] }) as EventContract<P>;
}

/**
 * A test's own hand on its world's bus (the world's prefix): it plays the neighbours of the service under test.
 * `stubRpc` answers a neighbour's request/reply subject; `publish` puts an event on the owner's stream as that
 * owner's outbox relay would; `request` calls the service under test as the gateway does.
 */
export class TestBus {
  private readonly subscriptions: Subscription[] = [];

  private constructor(
    readonly nc: NatsConnection,
    readonly naming: BusNaming,
  ) {}

  static async connect(world: TestWorld): Promise<TestBus> {
    return new TestBus(await connect({ servers: TEST_NATS_URL }), new BusNaming(world.busPrefix));
  }

  /** Answers every request on `rpc` with what `answer` returns (or the StubError it throws). */
  stubRpc<Req, Res>(
    rpc: RpcContract<Req, Res> | string,
    answer: (payload: Req, caller?: CallerContext) => Res | Promise<Res>,
  ): RpcStub<Req> {
    const calls: RpcStub<Req>['calls'] = [];
    const subject = typeof rpc === 'string' ? rpc : rpc.subject;
    const sub = this.nc.subscribe(this.naming.rpc(subject), {
      callback: (err, msg) => {
        if (err) return;
        const payload = (msg.data.length ? JSON.parse(Buffer.from(msg.data).toString('utf8')) : {}) as Req;
        const caller = callerFromHeaders(msg.headers);
        calls.push({ payload, caller });
        void (async (): Promise<RpcAnswer<Res>> => {
          try {
            return { ok: true, data: await answer(payload, caller) };
          } catch (e) {
            if (!(e instanceof StubError)) throw e;
            return { ok: false, error: { status: e.status, code: e.code, message: e.message, details: e.details } };
          }
        })().then((reply) => msg.respond(Buffer.from(toJson(reply))));
      },
    });
    this.subscriptions.push(sub);
    return { calls, stop: () => sub.unsubscribe() };
  }

  /** Publishes one event of `contract` (its current version unless `options.version` says otherwise). */
  async publish<P>(
    contract: EventContract<P> | string,
    payload: P,
    options: PublishOptions,
  ): Promise<EventEnvelope<P>> {
    if (typeof contract === 'string') contract = eventContractOf<P>(contract);
    const envelope: EventEnvelope<P> = {
      id: options.id ?? randomUUID(),
      type: contract.type,
      version: options.version ?? contract.version,
      occurredAt: options.occurredAt ?? new Date().toISOString(),
      organizationId: options.organizationId,
      clinicId: options.clinicId ?? null,
      correlationId: options.correlationId ?? randomUUID(),
      payload,
    };
    await this.publishEnvelope(envelope);
    return envelope;
  }

  /** Publishes an envelope as it is (a hand-made or malformed one). */
  async publishEnvelope(envelope: EventEnvelope<unknown>): Promise<void> {
    const h = natsHeaders();
    h.set(HEADERS.correlationId, envelope.correlationId);
    await this.nc.jetstream().publish(this.naming.event(envelope.type), Buffer.from(toJson(envelope)), {
      msgID: envelope.id,
      headers: h,
    });
  }

  /** Calls the service under test as the gateway does: the caller in headers, the answer as it came. */
  async request<T>(
    subject: string | RpcContract<unknown, T>,
    payload: unknown,
    caller: CallerContext,
    options: number | RequestOptions = {},
  ): Promise<RpcAnswer<T>> {
    const { timeoutMs = 15_000, idempotency } = typeof options === 'number' ? { timeoutMs: options } : options;
    const name = typeof subject === 'string' ? subject : subject.subject;
    const msg = await this.nc.request(this.naming.rpc(name), Buffer.from(toJson(payload ?? {})), {
      timeout: timeoutMs,
      headers: callerToHeaders(caller, {
        [HEADERS.idempotencyKey]: idempotency?.key,
        [HEADERS.idempotencyHash]: idempotency?.hash,
      }),
    });
    return JSON.parse(Buffer.from(msg.data).toString('utf8')) as RpcAnswer<T>;
  }

  /** `request` that expects success and returns the data (a failure throws with the error body). */
  async call<T>(
    subject: string | RpcContract<unknown, T>,
    payload: unknown,
    caller: CallerContext,
    options: RequestOptions = {},
  ): Promise<T> {
    const answer = await this.request<T>(subject, payload, caller, options);
    if (!answer.ok)
      throw new Error(`${typeof subject === 'string' ? subject : subject.subject}: ${JSON.stringify(answer.error)}`);
    return answer.data;
  }

  /** `request` that expects a refusal and returns its error body (a success throws with the data). */
  async refusal(
    subject: string | RpcContract<unknown, unknown>,
    payload: unknown,
    caller: CallerContext,
    options: RequestOptions = {},
  ): Promise<ErrorBody> {
    const answer = await this.request(subject, payload, caller, options);
    if (answer.ok)
      throw new Error(
        `${typeof subject === 'string' ? subject : subject.subject} answered ${JSON.stringify(answer.data)}`,
      );
    return answer.error;
  }

  async close(): Promise<void> {
    for (const s of this.subscriptions) s.unsubscribe();
    await this.nc.drain();
  }
}

/** A caller with every clinic of the organization and the given roles (as the gateway would send it). */
export function aCaller(organizationId: string, overrides: Partial<CallerContext> = {}): CallerContext {
  return {
    organizationId,
    clinicIds: '*',
    userId: randomUUID(),
    roles: ['admin'],
    correlationId: randomUUID(),
    ...overrides,
  };
}
