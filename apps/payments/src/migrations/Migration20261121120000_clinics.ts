import { Migration } from '@mikro-orm/migrations';

export class Migration20261121120000Clinics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table clinic (
      id uuid primary key,
      organization_id uuid not null,
      name text not null,
      currency char(3) not null,
      time_zone text not null default 'UTC',
      locale text not null default 'en',
      bank_charge_scaled bigint null check (bank_charge_scaled between 0 and 1000000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index clinic_organization on clinic (organization_id)');
  }
}
