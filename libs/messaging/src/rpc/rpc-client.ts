import { CallerContext, CommonErrors, DomainError, HEADERS } from '@dental/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, NatsConnection, NatsError } from 'nats';
import { BusNaming } from '../bus-naming';
import { callerToHeaders } from '../caller';
import { RequestContext } from '../request-context';
import { SpanKind, startSpan } from '../tracing';
import { BUS_NAMING, NATS_CONNECTION, RPC_TIMEOUT_MS } from '../tokens';
import { RpcReply, toJson } from './rpc-server';

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
    const span = startSpan(`rpc ${subject}`, SpanKind.CLIENT, RequestContext.current()?.traceparent, {
      'messaging.destination': subject,
    });
    try {
      const msg = await this.nc.request(
        this.naming.rpc(subject),
        Buffer.from(toJson(payload ?? {})),
        {
          timeout: timeoutMs,
          headers: callerToHeaders(caller, { [HEADERS.traceparent]: span.traceparent }),
        },
      );
      reply = JSON.parse(Buffer.from(msg.data).toString('utf8')) as RpcReply;
      span.end(reply.ok ? undefined : reply.error.code);
    } catch (e) {
      span.end(e);
      if (e instanceof NatsError && (e.code === ErrorCode.NoResponders || e.code === ErrorCode.Timeout)) {
        throw new DomainError(
          CommonErrors.UNAVAILABLE,
          503,
          e.code === ErrorCode.Timeout
            ? `${service} did not answer within ${timeoutMs} ms`
            : `${service} is not running`,
        );
      }
      throw e;
    }
    if (reply.ok) return reply.data as T;
    throw new DomainError(reply.error.code, reply.error.status, reply.error.message, reply.error.details);
  }
}
