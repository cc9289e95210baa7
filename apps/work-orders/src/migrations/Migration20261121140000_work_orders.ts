import { Migration } from '@mikro-orm/migrations';

export class Migration20261121140000WorkOrders extends Migration {
  override async up(): Promise<void> {
    // The clinics this service knows: a local copy from `payments.clinic.created` (or asked for when it lags).
    this.addSql(`create table clinic (
      id uuid primary key,
      organization_id uuid not null,
      currency char(3) not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index clinic_organization on clinic (organization_id)');

    this.addSql(`create table lab (
      id uuid primary key,
      organization_id uuid not null,
      name text not null,
      email text null,
      phone text null,
      active boolean not null default true,
      revision int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create unique index lab_name on lab (organization_id, lower(name))');

    // One row per organization: the last work-order number handed out, bumped in the creating transaction.
    this.addSql(`create table work_order_counter (
      organization_id uuid primary key,
      last_number bigint not null check (last_number > 0))`);

    this.addSql(`create table work_order (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null references clinic (id),
      lab_id uuid not null references lab (id),
      patient_id uuid null,
      seq bigint not null,
      number text not null,
      description text not null,
      documented_date date not null,
      status text not null check (status in ('draft', 'sent', 'in_progress', 'delivered', 'completed', 'cancelled')),
      currency char(3) not null,
      total_minor bigint not null check (total_minor > 0),
      payment_method text not null check (payment_method in ('cash', 'card', 'bank_transfer', 'check', 'other')),
      revision int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create unique index work_order_number on work_order (organization_id, number)');
    this.addSql('create unique index work_order_seq on work_order (organization_id, seq)');
    this.addSql('create index work_order_clinic on work_order (organization_id, clinic_id)');
    this.addSql('create index work_order_lab on work_order (organization_id, lab_id)');

    this.addSql(`create table work_order_installment (
      id uuid primary key,
      organization_id uuid not null,
      work_order_id uuid not null references work_order (id),
      number int not null check (number > 0),
      due_date date not null,
      amount_minor bigint not null check (amount_minor > 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create unique index work_order_installment_number on work_order_installment (work_order_id, number)');

    this.addSql(`create table work_order_audit (
      id uuid primary key,
      organization_id uuid not null,
      work_order_id uuid not null references work_order (id),
      action text not null check (action in ('created', 'updated', 'deleted')),
      user_id text not null,
      before jsonb null,
      after jsonb null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index work_order_audit_work_order on work_order_audit (work_order_id, created_at)');
  }
}
