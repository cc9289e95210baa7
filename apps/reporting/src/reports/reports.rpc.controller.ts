import {
  AccountBookQueryDto,
  CallerContext,
  ProgressPaymentsQueryDto,
  RenderReportQueryDto,
  ReportSubjects,
} from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { AccountBookHandler } from './queries/account-book.handler';
import { ProgressPaymentsHandler } from './queries/progress-payments.handler';
import { RenderReportHandler } from './queries/render-report.handler';

/** NATS transport of the reports' queries: validated payload in, handler result out. */
@Injectable()
export class ReportsRpcController {
  constructor(
    private readonly accountBook: AccountBookHandler,
    private readonly progressPayments: ProgressPaymentsHandler,
    private readonly renderReport: RenderReportHandler,
  ) {}

  @RpcHandler(ReportSubjects.accountBook, AccountBookQueryDto)
  accountBookOf(query: AccountBookQueryDto, caller: CallerContext) {
    return this.accountBook.execute(query, caller);
  }

  @RpcHandler(ReportSubjects.progressPayments, ProgressPaymentsQueryDto)
  progressPaymentsOf(query: ProgressPaymentsQueryDto, caller: CallerContext) {
    return this.progressPayments.execute(query, caller);
  }

  @RpcHandler(ReportSubjects.renderReport, RenderReportQueryDto)
  render(query: RenderReportQueryDto, caller: CallerContext) {
    return this.renderReport.execute(query, caller);
  }
}
