import { Migration } from '@mikro-orm/migrations';

export class Migration20261122200000ClosuresContractsBankCost extends Migration {
  override async up(): Promise<void> {
    // A closure: treatments and money dated on or before `date` are closed; the open imbalance up to it is written off.
    this.addSql(`create table account_closure (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null references clinic (id),
      patient_id uuid not null references patient (id),
      mode text not null check (mode in ('now', 'past')),
      date date not null,
      currency char(3) not null,
      treatment_total_minor bigint not null,
      received_total_minor bigint not null,
      written_off_minor bigint not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    // Each closure is dated after the one before: one per date, and "the latest" is the highest date.
    this.addSql('create unique index account_closure_patient_date on account_closure (patient_id, date)');

    this.addSql(`create table contract (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null references clinic (id),
      patient_id uuid not null references patient (id),
      plan_id uuid null references treatment_plan (id),
      contract_date date not null,
      currency char(3) not null,
      total_minor bigint not null check (total_minor > 0),
      down_payment_minor bigint not null check (down_payment_minor >= 0 and down_payment_minor <= total_minor),
      installment_count int not null check (installment_count between 1 and 120),
      first_due_date date not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index contract_patient on contract (patient_id, created_at)');

    // A Bank Cost treatment follows its card payment: at most one per payment, applied by payment revision.
    this.addSql('alter table treatment add column source_payment_id uuid null');
    this.addSql('alter table treatment add column source_payment_revision int null');
    this.addSql(
      'create unique index treatment_source_payment on treatment (source_payment_id) where source_payment_id is not null',
    );
  }
}
