import { CallerContext, HEADERS } from '@dental/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { lastValueFrom } from 'rxjs';
import { BusNaming } from '../bus-naming';
import { callerToHeaders } from '../caller';
import { RequestContext } from '../request-context';
import { SpanKind, startSpan } from '../tracing';
import { BUS_NAMING, NATS_CONNECTION, RPC_TIMEOUT_MS } from '../tokens';
import { BusAnswer, BusClient, BusRequest } from '../transport/bus.client';

/**
 * Request/reply to another service through the bus's ClientProxy (BusClient), with the caller, the trace and the
 * client's Idempotency-Key in the headers; a remote error comes back as the same DomainError (code + status).
 */
@Injectable()
export class RpcClient {
  private readonly client: BusClient;

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(BUS_NAMING) naming: BusNaming,
    @Inject(RPC_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {
    this.client = new BusClient(nc, naming);
  }

  async request<T>(subject: string, payload: unknown, caller: CallerContext, timeoutMs = this.timeoutMs): Promise<T> {
    const context = RequestContext.current();
    const span = startSpan(`rpc ${subject}`, SpanKind.CLIENT, context?.traceparent, {
      'messaging.destination': subject,
    });
    const headers = callerToHeaders(caller, {
      [HEADERS.traceparent]: span.traceparent,
      [HEADERS.idempotencyKey]: context?.idempotency?.key,
      [HEADERS.idempotencyHash]: context?.idempotency?.hash,
    });
    try {
      const answer = await lastValueFrom(
        this.client.send<BusAnswer<T>, BusRequest>(subject, new BusRequest(payload ?? {}, headers, timeoutMs)),
      );
      span.end();
      if (answer.replayed && context) context.idempotentReplay = true;
      return answer.data;
    } catch (e) {
      span.end((e as { code?: string }).code ?? e);
      throw e;
    }
  }
}
