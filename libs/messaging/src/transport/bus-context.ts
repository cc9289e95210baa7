import type { CallerContext, EventEnvelope } from '@dental/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BaseRpcContext } from '@nestjs/microservices';
import type { Msg } from 'nats';

/** Nest's context of a request/reply message: the NATS message, the caller its headers name, the logical subject. */
export class BusRequestContext extends BaseRpcContext<[Msg, CallerContext, string, string]> {
  getMessage(): Msg {
    return this.args[0];
  }
  getCaller(): CallerContext {
    return this.args[1];
  }
  /** The subject without the bus prefix, as the handler's @MessagePattern names it. */
  getSubject(): string {
    return this.args[2];
  }
  /** The service answering (for its error messages). */
  getService(): string {
    return this.args[3];
  }
}

/**
 * Nest's context of an event: its envelope and the transaction of the consumer batch it is handled in (the same
 * transaction records it in the inbox, so its effect and the "handled" mark commit together).
 */
export class BusEventContext extends BaseRpcContext<[EventEnvelope, EntityManager]> {
  getMessage(): EventEnvelope {
    return this.args[0];
  }
  getEntityManager(): EntityManager {
    return this.args[1];
  }
}
