import { Migration } from '@mikro-orm/migrations';

export class Migration20261121130000Idempotency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table idempotency_key (
      organization_id uuid not null,
      key text not null,
      request_hash text not null,
      status_code int null,
      response jsonb null,
      created_at timestamptz not null default now(),
      primary key (organization_id, key))`);
  }
}
