import { Module } from '@nestjs/common';
import { ComposeReminder } from './dispatch-reminders/compose-reminder';
import { DispatchDueReminders } from './dispatch-reminders/dispatch-due-reminders';
import { InstallmentReminderEventHandlers } from './schedule-installments/installment-reminders.event-handlers';

@Module({
  controllers: [InstallmentReminderEventHandlers],
  providers: [ComposeReminder, DispatchDueReminders],
  exports: [DispatchDueReminders],
})
export class RemindersModule {}
