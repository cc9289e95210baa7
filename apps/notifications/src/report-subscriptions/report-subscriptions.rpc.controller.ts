import {
  CallerContext,
  CreateReportSubscriptionDto,
  ListReportSubscriptionsQueryDto,
  NotificationSubjects,
  ReportSubscriptionIdDto,
} from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateReportSubscriptionHandler } from './create-subscription/create-report-subscription.handler';
import { DeleteReportSubscriptionHandler } from './delete-subscription/delete-report-subscription.handler';
import { ListReportSubscriptionsHandler } from './list-subscriptions/list-report-subscriptions.handler';

@BusController()
export class ReportSubscriptionsRpcController {
  constructor(
    private readonly createSubscription: CreateReportSubscriptionHandler,
    private readonly listSubscriptions: ListReportSubscriptionsHandler,
    private readonly deleteSubscription: DeleteReportSubscriptionHandler,
  ) {}

  @MessagePattern(NotificationSubjects.createReportSubscription)
  create(@Payload() cmd: CreateReportSubscriptionDto, @Caller() caller: CallerContext) {
    return this.createSubscription.execute(cmd, caller);
  }

  @MessagePattern(NotificationSubjects.listReportSubscriptions)
  list(@Payload() q: ListReportSubscriptionsQueryDto, @Caller() caller: CallerContext) {
    return this.listSubscriptions.execute(q, caller);
  }

  @MessagePattern(NotificationSubjects.deleteReportSubscription)
  delete(@Payload() q: ReportSubscriptionIdDto, @Caller() caller: CallerContext) {
    return this.deleteSubscription.execute(q.subscriptionId, caller);
  }
}
