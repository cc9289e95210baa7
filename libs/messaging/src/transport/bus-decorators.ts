import {
  applyDecorators,
  Controller,
  createParamDecorator,
  ExecutionContext,
  UseFilters,
  UsePipes,
} from '@nestjs/common';
import { EventContract } from '@dental/contracts';
import { EventPattern } from '@nestjs/microservices';
import { BusEventContext, BusRequestContext } from './bus-context';
import { BusExceptionFilter } from './bus-exception.filter';
import { messageValidationPipe } from './field-validation.pipe';

/**
 * The class of a service's request handlers (`@MessagePattern` methods): a Nest controller whose payloads go through
 * the ValidationPipe and whose errors leave through the bus's exception filter as the catalog's error body.
 */
export const BusController = () =>
  applyDecorators(Controller(), UsePipes(messageValidationPipe), UseFilters(new BusExceptionFilter()));

/**
 * The class of a service's event handlers (`@EventPattern` methods): a Nest controller whose errors reach the consumer
 * as they are (to pause, retry or dead-letter). No pipe: an event is an envelope the owner published, and every pipe
 * costs a dozen promises per handler call, which the events bench (thousands of events a second) pays for.
 */
export const EventsController = () => applyDecorators(Controller(), UseFilters(new BusExceptionFilter()));

/**
 * `@Handles(WorkOrderEventContracts.workOrderCreated)`: the method handles that event type at that version (Nest's
 * `@EventPattern(type)` with the contract as extras). The bus validates each payload against the contract's class
 * before the method runs, and routes on the envelope's version: a handler per version a service reads.
 */
export const Handles = (contract: EventContract) => EventPattern(contract.type, { event: contract });

/** The caller of a request (organization, clinics, user, roles), read from the message headers the gateway set. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  ctx.switchToRpc().getContext<BusRequestContext>().getCaller(),
);

/** The transaction of the consumer batch an event is handled in: write the read model through it. */
export const Tx = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  ctx.switchToRpc().getContext<BusEventContext>().getEntityManager(),
);

/**
 * `@MessagePattern(subject, IDEMPOTENT)`: a write that a client may retry. When the request carries an
 * Idempotency-Key (the gateway sends it on), the key is stored with the record in the handler's transaction and a
 * retry gets the stored answer (see runIdempotent).
 */
export const IDEMPOTENT = { idempotent: true } as const;

export interface MessageExtras {
  idempotent?: boolean;
  /** On event handlers: the contract (type, version, payload class) the handler reads; see `Handles`. */
  event?: EventContract;
}
