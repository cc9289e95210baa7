import { ServiceDefinition } from '@dental/platform';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Alert } from './alerts/alert.entity';
import { ClinicProfile } from './clinics/clinic-profile.entity';
import { ClinicsModule } from './clinics/clinics.module';
import { Delivery } from './deliveries/delivery.entity';
import { Migration20261123100000Notifications } from './migrations/Migration20261123100000_notifications';
import { Migration20261123110000DeliveryCancelled } from './migrations/Migration20261123110000_delivery_cancelled';
import { NotificationsConfig } from './notifications.config';
import { NOTIFICATIONS_CONFIG } from './notifications.tokens';
import { Reminder } from './reminders/reminder.entity';
import { ReportSubscription } from './report-subscriptions/report-subscription.entity';
import { SchedulerModule } from './scheduler/scheduler.module';

@Global()
@Module({})
class NotificationsConfigModule {
  static of(config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsConfigModule,
      providers: [{ provide: NOTIFICATIONS_CONFIG, useValue: config }],
      exports: [NOTIFICATIONS_CONFIG],
    };
  }
}

export const notificationsService: ServiceDefinition<NotificationsConfig> = {
  name: 'notifications',
  config: NotificationsConfig,
  entities: [ClinicProfile, Alert, Reminder, Delivery, ReportSubscription],
  migrations: [
    { name: 'Migration20261123100000_notifications', class: Migration20261123100000Notifications },
    { name: 'Migration20261123110000_delivery_cancelled', class: Migration20261123110000DeliveryCancelled },
  ],
  imports: (config) => [NotificationsConfigModule.of(config), ClinicsModule, SchedulerModule],
};
