import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { EventEnvelope } from '@dental/contracts';

/** An event written in the same transaction as the change it describes; the relay publishes it afterwards. */
@Entity({ tableName: 'outbox_event' })
export class OutboxEvent {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text' })
  type: string;

  @Property({ type: 'json' })
  envelope: EventEnvelope;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt?: Date;
}
