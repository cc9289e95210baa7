import type { MigrationList } from '@dental/persistence';
import type { EntityClass } from '@mikro-orm/core';
import { Module } from '@nestjs/common';
import { ReportClinics } from '../reports/queries/report-clinic';
import { Migration20261206120000Ledger } from './migrations/Migration20261206120000_ledger';
import { LedgerEventHandlers } from './projection/ledger.event-handlers';
import { LedgerProjection } from './projection/ledger-projection';
import { PatientBalancesHandler } from './queries/patient-balances.handler';
import { ReceivablesAgingHandler } from './queries/receivables-aging.handler';
import { LEDGER_ENTITIES } from './read-models/ledger-tables.entity';
import { LedgerRpcController } from './ledger.rpc.controller';

/** The patient ledger (issue 14): receivables aging and the balance report, from patient-accounts' and payments' events. */
@Module({
  controllers: [LedgerEventHandlers, LedgerRpcController],
  providers: [LedgerProjection, ReportClinics, ReceivablesAgingHandler, PatientBalancesHandler],
})
export class LedgerModule {}

export const ledgerEntities: EntityClass<unknown>[] = LEDGER_ENTITIES;
export const ledgerMigrations: MigrationList = [
  { name: 'Migration20261206120000_ledger', class: Migration20261206120000Ledger },
];
