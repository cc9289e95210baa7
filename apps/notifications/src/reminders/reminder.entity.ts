import { ReminderKind } from '@dental/contracts';
import { TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

export type ReminderStatus = 'scheduled' | 'dispatched' | 'skipped' | 'cancelled';

/** Something to tell on a day: one row per (kind, source, due date), so it is sent once whoever runs the scheduler. */
@Entity({ tableName: 'reminder' })
export class Reminder extends TenantEntity<'data' | 'outcome' | 'dispatchedAt' | 'patientId'> {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'text' })
  kind: ReminderKind;

  /** The alert, contract, work order or report subscription. */
  @Property({ type: 'uuid' })
  sourceId: string;

  @Property({ type: 'date' })
  dueDate: string;

  @Property({ type: 'uuid', nullable: true })
  patientId: string | null = null;

  /** What the kind needs at dispatch: installment numbers, report period. */
  @Property({ type: 'json' })
  data: Record<string, unknown> = {};

  @Property({ type: 'text' })
  status: ReminderStatus;

  /** Why it was skipped, or how many deliveries it made. */
  @Property({ type: 'text', nullable: true })
  outcome: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null = null;
}
