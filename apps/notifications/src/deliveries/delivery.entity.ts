import { DeliveryChannel, DeliveryStatus } from '@dental/contracts';
import { TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

export interface Attachment {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/**
 * One message of a reminder to one channel. Its text is fixed when made, so every try sends the same thing; the
 * scheduler claims it for a lease, tries, and records the attempt (delivery_attempt) with the outcome.
 */
@Entity({ tableName: 'delivery' })
export class Delivery extends TenantEntity<'attachment' | 'attemptCount' | 'nextAttemptAt' | 'leaseUntil'> {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'uuid' })
  reminderId: string;

  @Property({ type: 'text' })
  channel: DeliveryChannel;

  /** E-mail address or webhook URL. */
  @Property({ type: 'text' })
  target: string;

  @Property({ type: 'text' })
  subject: string;

  /** Plain-text e-mail, or the exact JSON body a webhook receives (and the signature covers). */
  @Property({ type: 'text' })
  body: string;

  @Property({ type: 'json', nullable: true })
  attachment: Attachment | null = null;

  @Property({ type: 'text' })
  status: DeliveryStatus;

  @Property({ type: 'integer' })
  attemptCount = 0;

  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null = null;
}
