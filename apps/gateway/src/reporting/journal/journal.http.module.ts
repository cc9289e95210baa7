import { Module } from '@nestjs/common';
import { ReportDownload } from '../../http/report-download';
import { AccountCharts } from './account-chart';
import { AccountingController, JournalController } from './journal.controller';
import { JournalService } from './journal.service';

/** GET /reports/journal (JSON, CSV, XLSX) and GET|PUT /accounting/accounts (API.md). */
@Module({
  controllers: [JournalController, AccountingController],
  providers: [JournalService, AccountCharts, ReportDownload],
})
export class JournalHttpModule {}
