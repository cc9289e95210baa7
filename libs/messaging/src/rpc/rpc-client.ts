import { CallerContext, CommonErrors, DomainError, HEADERS } from '@dental/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, NatsConnection, NatsError } from 'nats';
import { BusNaming } from '../bus-naming';
import { callerToHeaders } from '../caller';
import { RequestContext } from '../request-context';
import { SpanKind, startSpan } from '../tracing';
import { BUS_NAMING, NATS_CONNECTION, RPC_TIMEOUT_MS } from '../tokens';
import { toJson } from './rpc-json';
import { RpcReply } from './rpc-server';

/** Request/reply over NATS with a timeout; a remote error comes back as the same DomainError (code + status). */
@Injectable()
export class RpcClient {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_NAMING) private readonly naming: BusNaming,
    @Inject(RPC_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async request<T>(subject: string, payload: unknown, caller: CallerContext, timeoutMs = this.timeoutMs): Promise<T> {
    const service = subject.split('.')[0];
    let reply: RpcReply;
    const context = RequestContext.current();
    const span = startSpan(`rpc ${subject}`, SpanKind.CLIENT, context?.traceparent, {
      'messaging.destination': subject,
    });
    try {
      const msg = await this.nc.request(this.naming.rpc(subject), Buffer.from(toJson(payload ?? {})), {
        timeout: timeoutMs,
        headers: callerToHeaders(caller, {
          [HEADERS.traceparent]: span.traceparent,
          [HEADERS.idempotencyKey]: context?.idempotency?.key,
          [HEADERS.idempotencyHash]: context?.idempotency?.hash,
        }),
      });
      reply = JSON.parse(Buffer.from(msg.data).toString('utf8')) as RpcReply;
      span.end(reply.ok ? undefined : reply.error.code);
    } catch (e) {
      span.end(e);
      if (e instanceof NatsError) throw unavailable(subject, service, e, timeoutMs);
      throw e;
    }
    if (reply.ok) {
      if (reply.replayed && context) context.idempotentReplay = true;
      return reply.data as T;
    }
    throw new DomainError(reply.error.code, reply.error.status, reply.error.message, reply.error.details);
  }
}

/**
 * Every failure of the bus itself is a 503. No responders: the request reached no one, nothing was done. A timeout
 * of a command: it may have been done, and only a retry with the same Idempotency-Key can tell
 * (`SERVICE.OUTCOME_UNKNOWN`). A timeout of a query, or the connection closed: the service or the bus is down.
 */
function unavailable(subject: string, service: string, e: NatsError, timeoutMs: number): DomainError {
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
