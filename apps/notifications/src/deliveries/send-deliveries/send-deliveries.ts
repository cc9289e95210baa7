import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClinicProfile } from '../../clinics/clinic-profile.entity';
import { NotificationsConfig } from '../../notifications.config';
import { NOTIFICATIONS_CONFIG } from '../../notifications.tokens';
import { backoffMs } from '../../scheduler/system-caller';
import { Channels, DeliveryFailed, Sent } from '../channels/channels';
import { DeliveriesSql } from '../deliveries.sql';
import { Delivery } from '../delivery.entity';

/**
 * Sends the deliveries that are due, each claimed by one replica; every try is a delivery_attempt row. A failed
 * try is retried after a doubling backoff; after DELIVERY_MAX_ATTEMPTS the delivery is dead (the dead letter).
 */
@Injectable()
export class SendDeliveries {
  private readonly logger = new Logger(SendDeliveries.name);

  constructor(
    private readonly em: EntityManager,
    private readonly channels: Channels,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  async runOnce(batch = 20): Promise<number> {
    const em = this.em.fork();
    const claimed = await em.execute<{ id: string; attempt_count: number }[]>(DeliveriesSql.claim.text, [
      this.config.DELIVERY_LEASE_MS,
      batch,
    ]);
    await Promise.all(claimed.map((c) => this.attempt(c.id, c.attempt_count)));
    return claimed.length;
  }

  private async attempt(id: string, attempt: number): Promise<void> {
    const em = this.em.fork();
    const delivery = await em.findOneOrFail(Delivery, { id });
    let sent: Sent | null = null;
    let failure: DeliveryFailed | null = null;
    const renewal = this.keepLease(delivery.id, attempt);
    try {
      sent = await this.send(em, delivery);
    } catch (e) {
      failure = e instanceof DeliveryFailed ? e : new DeliveryFailed((e as Error).message);
    } finally {
      clearInterval(renewal);
    }
    const dead = failure !== null && attempt >= this.config.DELIVERY_MAX_ATTEMPTS;
    await em.transactional(async (tx) => {
      await tx.execute(DeliveriesSql.recordAttempt.text, [
        randomUUID(),
        delivery.organizationId,
        delivery.id,
        attempt,
        failure === null,
        sent?.response ?? failure?.response ?? null,
        failure?.message.slice(0, 1000) ?? null,
      ]);
      // Only the holder of this try may settle it (attempt_count guards against a lease that ran out meanwhile).
      await tx.execute(DeliveriesSql.settleAttempt.text, [
        failure === null ? 'sent' : dead ? 'dead' : 'pending',
        failure !== null && !dead,
        backoffMs(this.config.DELIVERY_BACKOFF_MS, attempt),
        delivery.id,
        attempt,
      ]);
    });
    if (dead)
      this.logger.warn(
        `delivery ${delivery.id} (${delivery.channel}) is dead after ${attempt} tries: ${failure!.message}`,
      );
  }

  /** Renews the claim of a try in progress three times per lease, so a slow but live send is never taken over. */
  private keepLease(id: string, attempt: number): NodeJS.Timeout {
    const lease = this.config.DELIVERY_LEASE_MS;
    return setInterval(
      () => {
        this.em
          .fork()
          .getConnection()
          .execute(DeliveriesSql.renewLease.text, [lease, id, attempt])
          .catch((e: Error) => this.logger.warn(`could not renew the claim of delivery ${id}: ${e.message}`));
      },
      Math.max(20, Math.floor(lease / 3)),
    );
  }

  private async send(em: EntityManager, d: Delivery): Promise<Sent> {
    if (d.channel === 'webhook') {
      // The secret is read at each try: a rotated secret signs the retries.
      const clinic = await em.findOneOrFail(ClinicProfile, { id: d.clinicId });
      return this.channels.webhook({ url: d.target, secret: clinic.webhookSecret, body: d.body, deliveryId: d.id });
    }
    return this.channels.email({
      to: d.target,
      subject: d.subject,
      text: d.body,
      attachment: d.attachment,
      deliveryId: d.id,
      reminderId: d.reminderId,
    });
  }
}
