import { AccountSubjects, PatientPaymentSubjects, ReceivedTotalsView, TreatmentTotalsView } from '@dental/contracts';
import { Money } from '@dental/money';
import { Outbox, RpcClient } from '@dental/messaging';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { NotificationsConfig } from '../../notifications.config';
import { NOTIFICATIONS_CONFIG } from '../../notifications.tokens';
import { backoffMs, systemCaller } from '../../scheduler/system-caller';
import { Alert } from '../alert.entity';
import { AlertsSql } from '../alerts.sql';
import { closeAlerts } from '../update-alert/update-alert.handler';

interface QueuedCheck {
  patient_id: string;
  organization_id: string;
  attempts: number;
}

/** Unpaid = open treatments − open received; at zero or below the patient's open alerts close by themselves. */
export function isPaidOff(openTreatmentTotal: string, openReceived: string, currency: string): boolean {
  return !Money.parse(openTreatmentTotal, currency).minus(Money.parse(openReceived, currency)).isPositive();
}

/**
 * Works off the paid-off checks queued by the events. Rows are claimed with SKIP LOCKED, so replicas share the
 * queue; a failed ask (owner down, not deployed yet) puts the check back with a backoff.
 */
@Injectable()
export class ClosePaidOffAlerts {
  private readonly logger = new Logger(ClosePaidOffAlerts.name);

  constructor(
    private readonly em: EntityManager,
    private readonly rpc: RpcClient,
    private readonly outbox: Outbox,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  /** One batch; returns how many checks it took. */
  async runOnce(batch = 50): Promise<number> {
    return this.em.fork().transactional(async (em) => {
      const checks = await em.execute<QueuedCheck[]>(AlertsSql.claimChecks.text, [batch]);
      const byOrganization = new Map<string, QueuedCheck[]>();
      for (const c of checks)
        byOrganization.set(c.organization_id, [...(byOrganization.get(c.organization_id) ?? []), c]);
      for (const [organizationId, group] of byOrganization) {
        try {
          await this.check(
            em,
            organizationId,
            group.map((c) => c.patient_id),
          );
          await em.execute(AlertsSql.removeChecks.text, [`{${group.map((c) => c.patient_id).join(',')}}`]);
        } catch (e) {
          this.logger.warn(
            `paid-off check of ${group.length} patient(s) failed, retried later: ${(e as Error).message}`,
          );
          for (const c of group) {
            await em.execute(AlertsSql.postponeCheck.text, [
              backoffMs(this.config.DELIVERY_BACKOFF_MS, c.attempts + 1),
              c.patient_id,
            ]);
          }
        }
      }
      return checks.length;
    });
  }

  private async check(em: EntityManager, organizationId: string, patientIds: string[]): Promise<void> {
    const caller = systemCaller(organizationId);
    const [treatments, received] = await Promise.all([
      this.rpc.request<TreatmentTotalsView>(AccountSubjects.treatmentTotals, { patientIds }, caller),
      this.rpc.request<ReceivedTotalsView>(PatientPaymentSubjects.receivedTotals, { patientIds }, caller),
    ]);
    const receivedOf = new Map(received.items.map((r) => [r.patientId, r.openReceived]));
    const paidOff = treatments.items
      .filter((t) => isPaidOff(t.openTreatmentTotal, receivedOf.get(t.patientId) ?? '0', t.currency))
      .map((t) => t.patientId);
    if (!paidOff.length) return;
    const alerts = await em.find(
      Alert,
      { organizationId, patientId: { $in: paidOff }, status: 'open' },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (alerts.length) await closeAlerts(em, this.outbox, alerts, 'paid_off', '');
  }
}
