import { Migration } from '@mikro-orm/migrations';

export class Migration20261121110000Identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table organization (
      id uuid primary key,
      name text not null,
      first_clinic_id uuid null,
      first_clinic_ready boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql(`create table app_user (
      id uuid primary key,
      organization_id uuid not null references organization (id),
      email text not null,
      name text not null,
      password_hash text not null,
      roles text[] not null,
      clinic_ids uuid[] null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create unique index app_user_email on app_user (lower(email))');
    this.addSql('create index app_user_organization on app_user (organization_id)');
  }
}
