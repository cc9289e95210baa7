import { Module } from '@nestjs/common';
import { ReportDownload } from '../../http/report-download';
import { CaseProfitController } from './case-profit.controller';
import { CaseProfitService } from './case-profit.service';
import { ProgressSettingsController } from './progress-settings.controller';
import { WorkOrderTreatmentsController } from './work-order-treatments.controller';

/**
 * DOMAIN.md D's progress modes and lab cases (API.md): PUT /clinics/:id/progress-settings (payments),
 * PUT /work-orders/:id/treatments (work-orders), GET /reports/case-profit as JSON or CSV/XLSX/PDF (reporting).
 */
@Module({
  controllers: [ProgressSettingsController, WorkOrderTreatmentsController, CaseProfitController],
  providers: [CaseProfitService, ReportDownload],
})
export class ProgressAndCasesHttpModule {}
