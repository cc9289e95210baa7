import { Module } from '@nestjs/common';
import { ReportDownload } from '../../http/report-download';
import { FinanceExportService } from './finance-export.service';
import { FinanceController } from './finance.controller';

/** GET /finance/labs, /finance/work-orders and their exports (API.md). */
@Module({
  controllers: [FinanceController],
  providers: [FinanceExportService, ReportDownload],
})
export class FinanceHttpModule {}
