import type { MigrationList } from '@dental/persistence';
import { Module } from '@nestjs/common';
import { CaseProfitModule } from '../case-profit/case-profit.module';
import { Migration20261214130100ProgressSettings } from './migrations/Migration20261214130100_progress_settings';
import { ProgressBases } from './progress-bases';
import { ProgressSettingsEventHandlers } from './progress-settings.event-handlers';

/**
 * The Progress Payment modes (DOMAIN.md D): the clinics' settings from payments' events, and the bases and lab fees
 * the Progress Payment query (src/reports) computes the earnings from.
 */
@Module({
  imports: [CaseProfitModule],
  controllers: [ProgressSettingsEventHandlers],
  providers: [ProgressBases],
  exports: [ProgressBases],
})
export class ProgressModule {}

export const progressMigrations: MigrationList = [
  { name: 'Migration20261214130100_progress_settings', class: Migration20261214130100ProgressSettings },
];
