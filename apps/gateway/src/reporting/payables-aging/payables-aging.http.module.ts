import { Module } from '@nestjs/common';
import { ReportDownload } from '../../http/report-download';
import { PayablesAgingController } from './payables-aging.controller';
import { PayablesAgingService } from './payables-aging.service';

/** GET /reports/payables-aging as JSON or CSV/XLSX/PDF (API.md). */
@Module({
  controllers: [PayablesAgingController],
  providers: [PayablesAgingService, ReportDownload],
})
export class PayablesAgingHttpModule {}
