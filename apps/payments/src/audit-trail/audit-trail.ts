import { CallerContext, Correction, EventContract } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { AuditAction, AuditEntry } from './audit-entry.entity';

export interface AuditedChange {
  entity: string;
  entityId: string;
  action: AuditAction;
  before: unknown;
  after: unknown;
  /** why, when a person corrected the record */
  correction?: Correction | null;
}

/** Adds an audit entry to the transaction of the change, so the change and its record commit (or fail) together. */
@Injectable()
export class AuditTrail {
  constructor(private readonly outbox: Outbox) {}

  /**
   * A money record's change: the audit entry (before/after) and the event carrying the whole record at its new
   * revision, both in the change's transaction; a correction's reason rides in both. Answers the snapshot.
   */
  recordChange<T extends object>(
    em: EntityManager,
    caller: CallerContext,
    change: {
      entity: string;
      action: AuditAction;
      before: T | null;
      snapshot: T & { id: string };
      correction?: Correction | null;
    },
    event: { event: EventContract; organizationId: string; clinicId: string },
  ): T {
    const { entity, action, before, snapshot, correction } = change;
    return this.outbox.recordChange(em, {
      snapshot,
      correction,
      audit: (after, why) =>
        this.record(em, caller, {
          entity,
          entityId: after.id,
          action,
          before,
          after: action === 'deleted' ? null : after,
          correction: why,
        }),
      // who made the change rides along, so what follows from it (a Bank Cost treatment) is attributed to them
      event: { ...event, payload: (after) => ({ ...after, changedBy: caller.userId }) },
    }).snapshot;
  }

  record(em: EntityManager, caller: CallerContext, change: AuditedChange): AuditEntry {
    const entry = em.create(AuditEntry, {
      organizationId: caller.organizationId,
      entity: change.entity,
      entityId: change.entityId,
      action: change.action,
      userId: caller.userId,
      before: change.before ?? null,
      after: change.after ?? null,
      reason: change.correction?.reason ?? null,
      memo: change.correction?.memo ?? null,
    });
    em.persist(entry);
    return entry;
  }

  /** Entries of these records, newest first. */
  async of(em: EntityManager, organizationId: string, entity: string, entityIds: string[]): Promise<AuditEntry[]> {
    if (!entityIds.length) return [];
    return em.find(AuditEntry, { organizationId, entity, entityId: { $in: entityIds } }, { orderBy: { seq: 'desc' } });
  }
}
