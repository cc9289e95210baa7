import { Migration } from '@mikro-orm/migrations';

export class Migration20261122100000WorkOrderPayments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table work_order_payment (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      work_order_id uuid not null,
      lab_id uuid not null,
      date date not null,
      amount_minor bigint not null check (amount_minor <> 0),
      currency char(3) not null,
      method text not null check (method in ('cash', 'card', 'bank_transfer', 'check', 'other')),
      reference text null,
      note text null,
      revision integer not null check (revision >= 1),
      deleted_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index work_order_payment_work_order on work_order_payment (organization_id, work_order_id)');
    this.addSql(`create table audit_entry (
      id uuid primary key,
      seq bigserial not null,
      organization_id uuid not null,
      entity text not null,
      entity_id uuid not null,
      action text not null check (action in ('created', 'updated', 'deleted')),
      user_id text not null,
      at timestamptz not null default now(),
      before jsonb null,
      after jsonb null)`);
    this.addSql('create index audit_entry_record on audit_entry (organization_id, entity, entity_id, seq)');
  }
}
