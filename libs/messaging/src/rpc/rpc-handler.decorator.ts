import { SetMetadata } from '@nestjs/common';

export const RPC_HANDLER = Symbol('rpc-handler');

export interface RpcHandlerMeta {
  subject: string;
  /** The command/query class: the payload is validated against it (whitelist, no unknown fields). */
  dto?: new () => object;
}

/**
 * Marks a provider method as the NATS request/reply entry of a use case: `(payload, caller) => result`.
 * The method is the transport adapter; the use case handler does the work.
 */
export const RpcHandler = (subject: string, dto?: new () => object) =>
  SetMetadata(RPC_HANDLER, { subject, dto } satisfies RpcHandlerMeta);
