import type { MigrationList } from '@dental/persistence';
import { Module } from '@nestjs/common';
import { ReportClinics } from '../reports/queries/report-clinic';
import { CaseProfitRpcController } from './case-profit.rpc.controller';
import { LabCases } from './lab-cases';
import { Migration20261214130000CaseProfit } from './migrations/Migration20261214130000_case_profit';
import { LabCasesEventHandlers } from './projection/lab-cases.event-handlers';
import { CaseProfitHandler } from './queries/case-profit.handler';

/**
 * Lab cases (work orders, labs and their links to treatments, from the WORK_ORDERS events) and the Case Profit
 * report (DOMAIN.md D). `LabCases` also gives the Progress Payment its lab fees.
 */
@Module({
  controllers: [LabCasesEventHandlers, CaseProfitRpcController],
  providers: [LabCases, ReportClinics, CaseProfitHandler],
  exports: [LabCases],
})
export class CaseProfitModule {}

export const caseProfitMigrations: MigrationList = [
  { name: 'Migration20261214130000_case_profit', class: Migration20261214130000CaseProfit },
];
