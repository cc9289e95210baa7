import { CommonErrors, DomainError } from '@dental/contracts';
import { ClientProxy, NatsRecord, ReadPacket, WritePacket } from '@nestjs/microservices';
import { ErrorCode, MsgHdrs, NatsConnection, NatsError } from 'nats';
import { BusNaming } from '../bus-naming';
import { toJson } from '../rpc/rpc-json';
import type { RpcReply } from './bus.server';

/** A request's payload and headers (a Nest NatsRecord) with the time the caller waits for the answer. */
export class BusRequest<T = unknown> extends NatsRecord<T, MsgHdrs> {
  constructor(
    data: T,
    headers: MsgHdrs,
    readonly timeoutMs: number,
  ) {
    super(data, headers);
  }
}

/** What a successful request yields: the answer, and whether it is the stored one of an earlier Idempotency-Key. */
export interface BusAnswer<T = unknown> {
  data: T;
  replayed: boolean;
}

/**
 * The callers' side of the bus as a Nest ClientProxy: `send(subject, new BusRequest(...))` is a NATS request to the
 * service that owns the subject. Nest's own NATS client falls short here: it publishes without a request, so a
 * service that is not running is only noticed at the timeout, and it has no per-request timeout. A remote error
 * comes back as the same DomainError; a failure of the bus itself as a 503 (see `unavailable`).
 */
export class BusClient extends ClientProxy {
  constructor(
    private readonly nc: NatsConnection,
    private readonly naming: BusNaming,
  ) {
    super();
  }

  async connect(): Promise<NatsConnection> {
    return this.nc;
  }

  close(): void {
    // the connection belongs to the service (drained at shutdown), not to this client
  }

  unwrap<T>(): T {
    return this.nc as T;
  }

  override on(): never {
    throw new Error('the bus client has no events to listen to');
  }

  protected publish(packet: ReadPacket<BusRequest>, callback: (packet: WritePacket<BusAnswer>) => void): () => void {
    const subject = String(packet.pattern);
    const { data, headers, timeoutMs } = packet.data;
    this.nc
      .request(this.naming.rpc(subject), Buffer.from(toJson(data ?? {})), { timeout: timeoutMs, headers })
      .then((msg) => {
        const reply = JSON.parse(Buffer.from(msg.data).toString('utf8')) as RpcReply;
        if (!reply.ok) {
          const { code, status, message, details } = reply.error;
          return callback({ err: new DomainError(code, status, message, details) });
        }
        callback({ response: { data: reply.data, replayed: reply.replayed === true }, isDisposed: true });
      })
      .catch((e: unknown) => callback({ err: e instanceof NatsError ? unavailable(subject, e, timeoutMs) : e }));
    return () => undefined;
  }

  protected dispatchEvent(): Promise<never> {
    return Promise.reject(new Error('events leave through the outbox (Outbox.add), never straight from a client'));
  }
}

/**
 * Every failure of the bus itself is a 503. No responders: the request reached no one, nothing was done. A timeout
 * of a command: it may have been done, and only a retry with the same Idempotency-Key can tell
 * (`SERVICE.OUTCOME_UNKNOWN`). A timeout of a query, or the connection closed: the service or the bus is down.
 */
function unavailable(subject: string, e: NatsError, timeoutMs: number): DomainError {
  const service = subject.split('.')[0];
  if (e.code === ErrorCode.NoResponders)
    return new DomainError(CommonErrors.UNAVAILABLE, 503, `${service} is not running`);
  if (e.code === ErrorCode.Timeout) {
    const command = subject.split('.')[1] === 'cmd';
    return new DomainError(
      command ? CommonErrors.OUTCOME_UNKNOWN : CommonErrors.UNAVAILABLE,
      503,
      command
        ? `${service} did not answer within ${timeoutMs} ms: the change may or may not have been made; retry with the same Idempotency-Key`
        : `${service} did not answer within ${timeoutMs} ms`,
    );
  }
  return new DomainError(CommonErrors.UNAVAILABLE, 503, `the bus is unavailable (${e.code})`);
}
