import type { MigrationList } from '@dental/persistence';
import { Module } from '@nestjs/common';
import { ReportClinics } from '../reports/queries/report-clinic';
import { Migration20261215100000Journal } from './migrations/Migration20261215100000_journal';
import { JournalEventHandlers } from './projection/journal.event-handlers';
import { JournalProjection } from './projection/journal-projection';
import { JournalLinesHandler } from './queries/journal-lines.handler';
import { JournalRpcController } from './journal.rpc.controller';

/** The journal export (DOMAIN.md E, issue 15): double-entry lines from the events, and the query. */
@Module({
  controllers: [JournalEventHandlers, JournalRpcController],
  providers: [JournalProjection, ReportClinics, JournalLinesHandler],
})
export class JournalModule {}

export const journalMigrations: MigrationList = [
  { name: 'Migration20261215100000_journal', class: Migration20261215100000Journal },
];
