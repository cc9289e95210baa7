import { AuditEntryView, CorrectionReason } from '@dental/contracts';
import { BigIntType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export type AuditAction = AuditEntryView['action'];

/** Who changed which money record, when, and its values before and after. Written, never updated. */
@Entity({ tableName: 'audit_entry' })
export class AuditEntry {
  [OptionalProps]?: 'seq' | 'at';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Insertion order: several entries may share one millisecond of `at`. Filled by the database. */
  @Property({ type: new BigIntType('string'), autoincrement: true })
  seq: string;

  @Property({ type: 'uuid', index: true })
  organizationId: string;

  @Property({ type: 'text' })
  entity: string;

  @Property({ type: 'uuid' })
  entityId: string;

  @Property({ type: 'text' })
  action: AuditAction;

  /** The caller's user id as the gateway set it (a uuid, or `system` for internal calls). */
  @Property({ type: 'text' })
  userId: string;

  @Property({ type: 'timestamptz' })
  at: Date = new Date();

  @Property({ type: 'json', nullable: true })
  before: unknown = null;

  @Property({ type: 'json', nullable: true })
  after: unknown = null;

  /** Why a person corrected the record (DOMAIN.md E); null when created, or changed automatically. */
  @Property({ type: 'text', nullable: true })
  reason: CorrectionReason | null = null;

  @Property({ type: 'text', nullable: true })
  memo: string | null = null;

  toView(): AuditEntryView {
    return {
      id: this.id,
      entity: this.entity,
      entityId: this.entityId,
      action: this.action,
      userId: this.userId,
      at: this.at.toISOString(),
      before: this.before,
      after: this.after,
      reason: this.reason,
      memo: this.memo,
    };
  }
}
