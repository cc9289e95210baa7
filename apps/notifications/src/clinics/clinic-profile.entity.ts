import { NotificationSettingsView } from '@dental/contracts';
import { TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';
import { DateTime } from 'luxon';

/** A clinic as payments made it (currency, time zone, locale) and where its reminders go (set by an admin). */
@Entity({ tableName: 'clinic_profile' })
export class ClinicProfile extends TenantEntity<'email' | 'webhookUrl' | 'webhookSecret' | 'notifyPatients'> {
  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'text' })
  timeZone: string;

  @Property({ type: 'text' })
  locale: string;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  webhookUrl: string | null = null;

  /** HMAC key of the webhook signature; never shown again once set. */
  @Property({ type: 'text', nullable: true, hidden: true })
  webhookSecret: string | null = null;

  @Property({ type: 'boolean' })
  notifyPatients = true;

  /** The calendar day it is now at the clinic. */
  today(now: DateTime = DateTime.now()): string {
    return now.setZone(this.timeZone).toISODate()!;
  }

  toSettingsView(): NotificationSettingsView {
    return {
      clinicId: this.id,
      organizationId: this.organizationId,
      email: this.email,
      webhookUrl: this.webhookUrl,
      hasWebhookSecret: this.webhookSecret !== null,
      notifyPatients: this.notifyPatients,
      timeZone: this.timeZone,
      locale: this.locale,
      currency: this.currency,
    };
  }
}
