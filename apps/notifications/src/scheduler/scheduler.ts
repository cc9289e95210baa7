import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ClosePaidOffAlerts } from '../alerts/close-paid-off/close-paid-off-alerts';
import { SendDeliveries } from '../deliveries/send-deliveries/send-deliveries';
import { NotificationsConfig } from '../notifications.config';
import { NOTIFICATIONS_CONFIG } from '../notifications.tokens';
import { ScheduleReports } from '../report-subscriptions/schedule-reports/schedule-reports';
import { DispatchDueReminders } from '../reminders/dispatch-reminders/dispatch-due-reminders';

/**
 * The one loop of the service, in every replica: schedule report periods, dispatch due reminders, send due
 * deliveries, close paid-off alerts. Replicas never do the same work twice: every step claims rows
 * (unique keys, FOR UPDATE SKIP LOCKED, leases).
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Scheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly reports: ScheduleReports,
    private readonly reminders: DispatchDueReminders,
    private readonly deliveries: SendDeliveries,
    private readonly paidOff: ClosePaidOffAlerts,
  ) {}

  onApplicationBootstrap(): void {
    this.plan();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass of every step; a failing step is logged and the others still run. */
  async tick(): Promise<void> {
    const steps: [string, () => Promise<unknown>][] = [
      ['scheduled reports', () => this.reports.runOnce()],
      ['due reminders', () => this.reminders.runOnce()],
      ['deliveries', () => this.sendAllDue()],
      ['paid-off alerts', () => this.paidOff.runOnce()],
    ];
    for (const [name, step] of steps) {
      if (this.stopped) return;
      await step().catch((e: Error) => this.logger.error(`scheduler step "${name}" failed: ${e.message}`));
    }
  }

  private async sendAllDue(): Promise<void> {
    while (!this.stopped && (await this.deliveries.runOnce()) > 0) {
      // keep going while a full batch was due
    }
  }

  private plan(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = null;
        this.plan();
      });
    }, this.config.SCHEDULER_INTERVAL_MS);
  }
}
