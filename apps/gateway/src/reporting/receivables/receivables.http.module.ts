import { Module } from '@nestjs/common';
import { ReportDownload } from '../../http/report-download';
import { ReceivablesController } from './receivables.controller';
import { ReceivablesService } from './receivables.service';

/** GET /reports/receivables-aging and /reports/balances as JSON or CSV/XLSX/PDF (API.md). */
@Module({
  controllers: [ReceivablesController],
  providers: [ReceivablesService, ReportDownload],
})
export class ReceivablesHttpModule {}
