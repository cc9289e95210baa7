import {
  AlertView,
  CallerContext,
  callerMaySeeClinic,
  DomainError,
  NotificationErrors,
  UpdateAlertCommand,
  NotificationEventContracts,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicProfile } from '../../clinics/clinic-profile.entity';
import { Alert } from '../alert.entity';
import { AlertsSql } from '../alerts.sql';

/** Marks an alert done; an alert already closed (done or paid off) stays as it is. */
@Injectable()
export class UpdateAlertHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: UpdateAlertCommand, caller: CallerContext): Promise<AlertView> {
    return this.em.transactional(async (em) => {
      const alert = await em.findOne(
        Alert,
        { id: cmd.alertId, organizationId: caller.organizationId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!alert || !callerMaySeeClinic(caller, alert.clinicId))
        throw DomainError.notFound(NotificationErrors.ALERT_NOT_FOUND, 'alert', cmd.alertId);
      const clinic = await em.findOneOrFail(ClinicProfile, { id: alert.clinicId });
      if (alert.status !== 'open') return alert.toView(clinic.today());
      await closeAlerts(em, this.outbox, [alert], 'done', clinic.today());
      return alert.toView(clinic.today());
    });
  }
}

/**
 * Closes open alerts (done by hand or paid off), cancels their reminders not sent yet and their deliveries still
 * waiting for a (re)try, one event each. A try in flight settles nothing afterwards (it needs status pending).
 */
export async function closeAlerts(
  em: EntityManager,
  outbox: Outbox,
  alerts: Alert[],
  status: 'done' | 'paid_off',
  today: string,
): Promise<void> {
  const now = new Date();
  for (const alert of alerts) {
    alert.status = status;
    alert.closedAt = now;
    outbox.add(em, {
      event: NotificationEventContracts.alertClosed,
      organizationId: alert.organizationId,
      clinicId: alert.clinicId,
      payload: alert.toView(today),
    });
  }
  await em.flush();
  await em.execute(AlertsSql.cancelAlertReminders.text, [`alert ${status}`, `{${alerts.map((a) => a.id).join(',')}}`]);
  await em.execute(AlertsSql.cancelAlertDeliveries.text, [`{${alerts.map((a) => a.id).join(',')}}`]);
}
