import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { RemindersModule } from '../reminders/reminders.module';
import { ReportSubscriptionsModule } from '../report-subscriptions/report-subscriptions.module';
import { Scheduler } from './scheduler';

@Module({
  imports: [AlertsModule, RemindersModule, DeliveriesModule, ReportSubscriptionsModule],
  providers: [Scheduler],
})
export class SchedulerModule {}
