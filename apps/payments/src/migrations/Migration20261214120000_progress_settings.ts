import { Migration } from '@mikro-orm/migrations';

/**
 * DOMAIN.md D "Progress payment modes": a clinic's progress-payment setting (no row = collections, 0 %) and the
 * physician on whose behalf received money was recorded (null = nobody's: the clinic's).
 */
export class Migration20261214120000ProgressSettings extends Migration {
  override async up(): Promise<void> {
    // cost_scaled: the cost percentage × 10000 (Percent's stored form), 0..100 %
    this.addSql(`create table clinic_progress_settings (
      clinic_id uuid primary key references clinic (id),
      organization_id uuid not null,
      mode text not null check (mode in ('collections', 'treatments', 'registered')),
      cost_scaled bigint not null check (cost_scaled between 0 and 1000000),
      revision integer not null check (revision >= 1),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('alter table patient_payment add column physician_id uuid null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table patient_payment drop column if exists physician_id');
    this.addSql('drop table if exists clinic_progress_settings');
  }
}
