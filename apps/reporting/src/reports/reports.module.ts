import type { MigrationList } from '@dental/persistence';
import type { EntityClass } from '@mikro-orm/core';
import { Module } from '@nestjs/common';
import { FinanceLabsHandler } from '../finance/queries/finance-labs.handler';
import { ProgressModule } from '../progress/progress.module';
import { Migration20261122210000Reports } from './migrations/Migration20261122210000_reports';
import { ReportsEventHandlers } from './projection/reports.event-handlers';
import { ReportsProjection } from './projection/reports-projection';
import { AccountBookHandler } from './queries/account-book.handler';
import { ProgressPaymentsHandler } from './queries/progress-payments.handler';
import { RenderReportHandler } from './queries/render-report.handler';
import { ReportClinics } from './queries/report-clinic';
import { REPORT_ENTITIES } from './read-models/report-tables.entity';
import { ReportsRpcController } from './reports.rpc.controller';

/** Account Book and Progress Payment read models (issue 5), their queries and render-report. */
@Module({
  // the Progress Payment modes' settings, bases and lab fees (DOMAIN.md D)
  imports: [ProgressModule],
  controllers: [ReportsEventHandlers, ReportsRpcController],
  providers: [
    ReportsProjection,
    ReportClinics,
    AccountBookHandler,
    ProgressPaymentsHandler,
    RenderReportHandler,
    // the Finance view's Dental Labs query, read-only, for render-report's "finance-labs" file
    FinanceLabsHandler,
  ],
})
export class ReportsModule {}

export const reportsEntities: EntityClass<unknown>[] = REPORT_ENTITIES;
export const reportsMigrations: MigrationList = [
  { name: 'Migration20261122210000_reports', class: Migration20261122210000Reports },
];
