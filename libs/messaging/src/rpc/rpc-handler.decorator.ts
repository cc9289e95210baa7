import { SetMetadata } from '@nestjs/common';

export const RPC_HANDLER = Symbol('rpc-handler');

export interface RpcHandlerOptions {
  /**
   * A write that a client may retry: when the request carries an Idempotency-Key (the gateway sends it on), the key
   * is stored with the record in the handler's transaction and a retry gets the stored answer (see runIdempotent).
   */
  idempotent?: boolean;
}

export interface RpcHandlerMeta extends RpcHandlerOptions {
  subject: string;
  /** The command/query class: the payload is validated against it (whitelist, no unknown fields). */
  dto?: new () => object;
}

/**
 * Marks a provider method as the NATS request/reply entry of a use case: `(payload, caller) => result`.
 * The method is the transport adapter; the use case handler does the work.
 */
export const RpcHandler = (subject: string, dto?: new () => object, options: RpcHandlerOptions = {}) =>
  SetMetadata(RPC_HANDLER, { subject, dto, ...options } satisfies RpcHandlerMeta);

/** `@RpcHandler(subject, Dto, IDEMPOTENT)`: a write that honours the client's Idempotency-Key. */
export const IDEMPOTENT: RpcHandlerOptions = { idempotent: true };
