import { Module } from '@nestjs/common';
import { CreateReportSubscriptionHandler } from './create-subscription/create-report-subscription.handler';
import { DeleteReportSubscriptionHandler } from './delete-subscription/delete-report-subscription.handler';
import { ListReportSubscriptionsHandler } from './list-subscriptions/list-report-subscriptions.handler';
import { ReportSubscriptionsRpcController } from './report-subscriptions.rpc.controller';
import { ScheduleReports } from './schedule-reports/schedule-reports';

@Module({
  controllers: [ReportSubscriptionsRpcController],
  providers: [
    CreateReportSubscriptionHandler,
    ListReportSubscriptionsHandler,
    DeleteReportSubscriptionHandler,
    ScheduleReports,
  ],
  exports: [ScheduleReports],
})
export class ReportSubscriptionsModule {}
