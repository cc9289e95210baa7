import {
  AccountBookQueryDto,
  CallerContext,
  ProgressPaymentsQueryDto,
  RenderReportQueryDto,
  ReportSubjects,
} from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountBookHandler } from './queries/account-book.handler';
import { ProgressPaymentsHandler } from './queries/progress-payments.handler';
import { RenderReportHandler } from './queries/render-report.handler';

/** NATS transport of the reports' queries: validated payload in, handler result out. */
@BusController()
export class ReportsRpcController {
  constructor(
    private readonly accountBook: AccountBookHandler,
    private readonly progressPayments: ProgressPaymentsHandler,
    private readonly renderReport: RenderReportHandler,
  ) {}

  @MessagePattern(ReportSubjects.accountBook)
  accountBookOf(@Payload() query: AccountBookQueryDto, @Caller() caller: CallerContext) {
    return this.accountBook.execute(query, caller);
  }

  @MessagePattern(ReportSubjects.progressPayments)
  progressPaymentsOf(@Payload() query: ProgressPaymentsQueryDto, @Caller() caller: CallerContext) {
    return this.progressPayments.execute(query, caller);
  }

  @MessagePattern(ReportSubjects.renderReport)
  render(@Payload() query: RenderReportQueryDto, @Caller() caller: CallerContext) {
    return this.renderReport.execute(query, caller);
  }
}
