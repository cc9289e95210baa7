import { CorrectionReason } from '@dental/contracts';
import { TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

export type AuditedRecord = 'invoice' | 'closure';

/**
 * Who issued or cancelled an invoice, closed an account or undid a closure, when and why (DOMAIN.md E). Written,
 * never updated; it outlives the record (an undone closure's row is gone, its history stays).
 */
@Entity({ tableName: 'record_audit' })
export class RecordAudit extends TenantEntity {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'text' })
  subject: AuditedRecord;

  @Property({ type: 'uuid' })
  recordId: string;

  @Property({ type: 'text' })
  action: 'created' | 'cancelled' | 'undone';

  @Property({ type: 'text' })
  userId: string;

  @Property({ type: 'text', nullable: true })
  reason: CorrectionReason | null = null;

  @Property({ type: 'text', nullable: true })
  memo: string | null = null;

  @Property({ type: 'json', nullable: true })
  before: Record<string, unknown> | null = null;

  @Property({ type: 'json', nullable: true })
  after: Record<string, unknown> | null = null;
}
