import { EventEnvelope } from '@dental/contracts';
import { RequestContext } from '../request-context';
import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OutboxEvent } from './outbox-event.entity';

export interface NewEvent<P> {
  type: string;
  version?: number;
  organizationId: string;
  clinicId?: string | null;
  payload: P;
  /** Defaults to the current request's correlation id. */
  correlationId?: string;
}

/** Adds events to the transaction of the change; nothing is published unless that transaction commits. */
@Injectable()
export class Outbox {
  add<P>(em: EntityManager, event: NewEvent<P>): EventEnvelope<P> {
    const envelope: EventEnvelope<P> = {
      id: randomUUID(),
      type: event.type,
      version: event.version ?? 1,
      occurredAt: new Date().toISOString(),
      organizationId: event.organizationId,
      clinicId: event.clinicId ?? null,
      correlationId: event.correlationId ?? RequestContext.current()?.correlationId ?? randomUUID(),
      payload: event.payload,
    };
    em.persist(em.create(OutboxEvent, { id: envelope.id, type: envelope.type, envelope: envelope as EventEnvelope }));
    return envelope;
  }
}
