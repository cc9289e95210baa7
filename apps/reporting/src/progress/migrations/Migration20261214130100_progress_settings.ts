import { Migration } from '@mikro-orm/migrations';

/**
 * Each clinic's progress-payment setting (DOMAIN.md D), from `payments.clinic.progress-settings-changed`, at its
 * newest revision. A clinic without a row uses the defaults: collections, 0 %.
 */
export class Migration20261214130100ProgressSettings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table progress_setting (
      clinic_id uuid primary key,
      organization_id uuid not null,
      mode text not null,
      cost_percent text not null,
      revision int not null,
      updated_at timestamptz not null default now())`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists progress_setting');
  }
}
