import { Correction, EventContract, EventEnvelope, payloadProblems } from '@dental/contracts';
import { RequestContext } from '../request-context';
import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OutboxEvent } from './outbox-event.entity';

export interface NewEvent<P> {
  /** The contract of the event: its type, version and payload class. */
  event: EventContract<P>;
  organizationId: string;
  clinicId?: string | null;
  payload: P;
  /** Defaults to the current request's correlation id. */
  correlationId?: string;
}

/**
 * One change of a record that leaves an audit row and an event (`Outbox.recordChange`). Both are built from one
 * snapshot of the record after the change, so the audit's after-state and the event's payload cannot disagree.
 */
export interface AuditedChange<S extends object, A extends object> {
  /** The record after the change, e.g. its view (for a removal: as it was). */
  snapshot: S;
  /** Why a person corrected the record: given to `audit`, and added to the payload as `correction`. */
  correction?: Correction | null;
  /** The service's own audit row of the change (its own table), built from the snapshot. */
  audit: (snapshot: S, correction: Correction | null) => A;
  event: Omit<NewEvent<unknown>, 'payload'> & {
    /** The payload from the snapshot; the snapshot itself when left out. */
    payload?: (snapshot: S) => object;
  };
}

/**
 * Adds events to the transaction of the change; nothing is published unless that transaction commits. A payload that
 * breaks its contract is refused here, before anything is stored: the owner never publishes what consumers would
 * dead-letter.
 */
@Injectable()
export class Outbox {
  add<P>(em: EntityManager, event: NewEvent<P>): EventEnvelope<P> {
    return this.store(em, event);
  }

  /**
   * The audit row and the event of one change, both added to `em` (the caller's transaction): they commit, or fail,
   * together with the change. Answers the snapshot and the audit row.
   */
  recordChange<S extends object, A extends object>(
    em: EntityManager,
    change: AuditedChange<S, A>,
  ): { snapshot: S; audit: A } {
    const { snapshot, event } = change;
    const correction = change.correction ?? null;
    const payload = event.payload ? event.payload(snapshot) : snapshot;
    // checked before anything is added: a payload that breaks its contract leaves no audit row behind either
    const envelope = this.envelope({ ...event, payload: correction ? { ...payload, correction } : payload });
    const audit = change.audit(snapshot, correction);
    em.persist(audit);
    this.persist(em, envelope);
    return { snapshot, audit };
  }

  /**
   * One fact published in several versions side by side (a breaking change while consumers move to the new version,
   * libs/contracts/README.md): each envelope lists the versions, so a consumer reads the one it knows and skips the rest.
   */
  addSideBySide(
    em: EntityManager,
    common: Omit<NewEvent<unknown>, 'event' | 'payload'>,
    versions: Pick<NewEvent<unknown>, 'event' | 'payload'>[],
  ): EventEnvelope[] {
    const types = new Set(versions.map((v) => v.event.type));
    if (types.size !== 1 || versions.length < 2)
      throw new Error('side by side: two or more versions of one event type');
    const sideBySide = versions.map((v) => v.event.version);
    return versions.map((v) => this.store(em, { ...common, ...v }, sideBySide));
  }

  private store<P>(em: EntityManager, event: NewEvent<P>, sideBySide?: number[]): EventEnvelope<P> {
    return this.persist(em, this.envelope(event, sideBySide));
  }

  private envelope<P>(event: NewEvent<P>, sideBySide?: number[]): EventEnvelope<P> {
    const problems = payloadProblems(event.event, event.payload);
    if (problems.length)
      throw new Error(`event ${event.event.type} v${event.event.version} breaks its contract: ${problems.join('; ')}`);
    const envelope: EventEnvelope<P> = {
      id: randomUUID(),
      type: event.event.type,
      version: event.event.version,
      occurredAt: new Date().toISOString(),
      organizationId: event.organizationId,
      clinicId: event.clinicId ?? null,
      correlationId: event.correlationId ?? RequestContext.current()?.correlationId ?? randomUUID(),
      payload: event.payload,
      ...(sideBySide ? { sideBySide } : {}),
    };
    return envelope;
  }

  private persist<P>(em: EntityManager, envelope: EventEnvelope<P>): EventEnvelope<P> {
    em.persist(em.create(OutboxEvent, { id: envelope.id, type: envelope.type, envelope: envelope as EventEnvelope }));
    return envelope;
  }
}
