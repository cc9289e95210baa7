import {
  CallerContext,
  CreateReportSubscriptionDto,
  ListReportSubscriptionsQueryDto,
  NotificationSubjects,
  ReportSubscriptionIdDto,
} from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { CreateReportSubscriptionHandler } from './create-subscription/create-report-subscription.handler';
import { DeleteReportSubscriptionHandler } from './delete-subscription/delete-report-subscription.handler';
import { ListReportSubscriptionsHandler } from './list-subscriptions/list-report-subscriptions.handler';

@Injectable()
export class ReportSubscriptionsRpcController {
  constructor(
    private readonly createSubscription: CreateReportSubscriptionHandler,
    private readonly listSubscriptions: ListReportSubscriptionsHandler,
    private readonly deleteSubscription: DeleteReportSubscriptionHandler,
  ) {}

  @RpcHandler(NotificationSubjects.createReportSubscription, CreateReportSubscriptionDto)
  create(cmd: CreateReportSubscriptionDto, caller: CallerContext) {
    return this.createSubscription.execute(cmd, caller);
  }

  @RpcHandler(NotificationSubjects.listReportSubscriptions, ListReportSubscriptionsQueryDto)
  list(q: ListReportSubscriptionsQueryDto, caller: CallerContext) {
    return this.listSubscriptions.execute(q, caller);
  }

  @RpcHandler(NotificationSubjects.deleteReportSubscription, ReportSubscriptionIdDto)
  delete(q: ReportSubscriptionIdDto, caller: CallerContext) {
    return this.deleteSubscription.execute(q.subscriptionId, caller);
  }
}
