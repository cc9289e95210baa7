import { Module } from '@nestjs/common';
import { FinanceExportService } from './finance-export.service';
import { FinanceController } from './finance.controller';

/** GET /finance/labs, /finance/work-orders and their exports (API.md). */
@Module({
  controllers: [FinanceController],
  providers: [FinanceExportService],
})
export class FinanceHttpModule {}
