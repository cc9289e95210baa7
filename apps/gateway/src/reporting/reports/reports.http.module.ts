import { Module } from '@nestjs/common';
import { ReportDownload } from '../../http/report-download';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** GET /reports/account-book and /reports/progress-payments, as JSON or CSV/XLSX/PDF (API.md). */
@Module({
  controllers: [ReportsController],
  providers: [ReportsService, ReportDownload],
})
export class ReportsHttpModule {}
