import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of one request or message carries. */
export interface RequestContextData {
  correlationId: string;
  traceId?: string;
  /** W3C trace context of the current span, sent on to the next hop. */
  traceparent?: string;
  organizationId?: string;
  userId?: string;
  /** The client's Idempotency-Key of this HTTP request and its request hash, sent on with every RPC (gateway). */
  idempotency?: { key: string; hash: string };
  /** Set when an owning service answered the stored result of an earlier request with the same key. */
  idempotentReplay?: boolean;
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
};
