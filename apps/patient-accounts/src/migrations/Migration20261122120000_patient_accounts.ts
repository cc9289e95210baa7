import { Migration } from '@mikro-orm/migrations';

export class Migration20261122120000PatientAccounts extends Migration {
  override async up(): Promise<void> {
    // The clinics this service knows: a local copy from `payments.clinic.created` (or asked for when it lags).
    this.addSql(`create table clinic (
      id uuid primary key,
      organization_id uuid not null,
      currency char(3) not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index clinic_organization on clinic (organization_id)');

    this.addSql(`create table physician (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null references clinic (id),
      name text not null,
      commission_scaled bigint null check (commission_scaled between 0 and 1000000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index physician_clinic on physician (organization_id, clinic_id)');

    this.addSql(`create table family (
      id uuid primary key,
      organization_id uuid not null,
      name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);

    this.addSql(`create table patient (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null references clinic (id),
      first_name text not null,
      last_name text not null,
      phone text null,
      email text null,
      family_id uuid null references family (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index patient_clinic on patient (organization_id, clinic_id)');
    this.addSql('create index patient_family on patient (family_id)');

    this.addSql(`create table treatment_plan (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null references clinic (id),
      patient_id uuid not null references patient (id),
      currency char(3) not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);

    this.addSql(`create table treatment_plan_item (
      id uuid primary key,
      organization_id uuid not null,
      plan_id uuid not null references treatment_plan (id),
      position int not null,
      physician_id uuid null references physician (id),
      procedure text not null,
      tooth text null,
      amount_minor bigint not null check (amount_minor > 0),
      treatment_id uuid null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index treatment_plan_item_plan on treatment_plan_item (plan_id, position)');

    // One row per organization: the last invoice number handed out, bumped in the issuing transaction.
    this.addSql(`create table invoice_counter (
      organization_id uuid primary key,
      last_number bigint not null check (last_number > 0))`);

    this.addSql(`create table invoice (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null references clinic (id),
      patient_id uuid not null references patient (id),
      seq bigint not null,
      number text not null,
      date date not null,
      currency char(3) not null,
      total_minor bigint not null check (total_minor > 0),
      treatment_ids jsonb not null,
      cancelled_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create unique index invoice_number on invoice (organization_id, number)');

    this.addSql(`create table treatment (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null references clinic (id),
      patient_id uuid not null references patient (id),
      physician_id uuid null references physician (id),
      procedure text not null,
      tooth text null,
      date date not null,
      currency char(3) not null,
      amount_minor bigint not null check (amount_minor > 0),
      plan_item_id uuid null references treatment_plan_item (id),
      invoice_id uuid null references invoice (id),
      invoice_number text null,
      deleted_at timestamptz null,
      revision int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index treatment_patient on treatment (patient_id, date)');
    // A plan item becomes at most one live treatment, even under two racing copies.
    this.addSql(
      'create unique index treatment_plan_item_once on treatment (plan_item_id) where plan_item_id is not null and deleted_at is null',
    );

    this.addSql(`create table treatment_audit (
      id uuid primary key,
      organization_id uuid not null,
      treatment_id uuid not null references treatment (id),
      action text not null check (action in ('created', 'updated', 'deleted', 'invoiced', 'uninvoiced')),
      user_id text not null,
      before jsonb null,
      after jsonb null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql('create index treatment_audit_treatment on treatment_audit (treatment_id, created_at)');
  }
}
