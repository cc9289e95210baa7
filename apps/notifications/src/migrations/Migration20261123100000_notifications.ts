import { Migration } from '@mikro-orm/migrations';

export class Migration20261123100000Notifications extends Migration {
  override async up(): Promise<void> {
    // Clinics as payments made them (time zone, locale, currency) plus this service's channel settings.
    this.addSql(`create table clinic_profile (
      id uuid primary key,
      organization_id uuid not null,
      name text not null,
      currency char(3) not null,
      time_zone text not null,
      locale text not null,
      email text null,
      webhook_url text null,
      webhook_secret text null,
      notify_patients boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql(`create table alert (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      patient_id uuid not null,
      patient_name text not null,
      date date not null,
      amount_minor bigint null check (amount_minor > 0),
      currency char(3) not null,
      note text null,
      status text not null check (status in ('open', 'done', 'paid_off')),
      closed_at timestamptz null,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql("create index alert_clinic_open on alert (organization_id, clinic_id, date) where status = 'open'");
    this.addSql('create index alert_patient on alert (organization_id, patient_id)');
    // Patients whose unpaid may have reached zero: the scheduler asks the owners and closes their open alerts.
    this.addSql(`create table alert_check (
      patient_id uuid primary key,
      organization_id uuid not null,
      attempts integer not null default 0,
      not_before timestamptz not null default now())`);
    // Contracts and work orders as last seen (revision guard), the source of their installment reminders.
    this.addSql(`create table reminder_source (
      id uuid primary key,
      kind text not null check (kind in ('contract', 'work-order')),
      organization_id uuid not null,
      clinic_id uuid not null,
      patient_id uuid null,
      revision integer not null,
      data jsonb not null)`);
    this.addSql(`create table reminder (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      kind text not null check (kind in ('alert', 'contract-installment', 'work-order-installment', 'scheduled-report')),
      source_id uuid not null,
      due_date date not null,
      patient_id uuid null,
      data jsonb not null default '{}',
      status text not null check (status in ('scheduled', 'dispatched', 'skipped', 'cancelled')),
      outcome text null,
      dispatched_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint reminder_once unique (kind, source_id, due_date))`);
    this.addSql("create index reminder_due on reminder (clinic_id, due_date) where status = 'scheduled'");
    this.addSql(`create table delivery (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      reminder_id uuid not null references reminder (id),
      channel text not null check (channel in ('clinic-email', 'patient-email', 'webhook', 'report-email')),
      target text not null,
      subject text not null,
      body text not null,
      attachment jsonb null,
      status text not null check (status in ('pending', 'sent', 'dead')),
      attempt_count integer not null default 0,
      next_attempt_at timestamptz null,
      lease_until timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint delivery_once unique (reminder_id, channel, target))`);
    this.addSql("create index delivery_due on delivery (next_attempt_at) where status = 'pending'");
    this.addSql('create index delivery_clinic on delivery (organization_id, clinic_id, created_at)');
    this.addSql(`create table delivery_attempt (
      id uuid primary key,
      organization_id uuid not null,
      delivery_id uuid not null references delivery (id),
      attempt integer not null,
      at timestamptz not null default now(),
      succeeded boolean not null,
      response text null,
      error text null,
      constraint delivery_attempt_once unique (delivery_id, attempt))`);
    this.addSql(`create table report_subscription (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      report text not null check (report in ('account-book-daily', 'finance-weekly')),
      email text not null,
      format text not null check (format in ('csv', 'xlsx', 'pdf')),
      last_period_start date null,
      created_by text not null,
      deleted_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql(
      'create unique index report_subscription_once on report_subscription (clinic_id, report, lower(email)) where deleted_at is null',
    );
  }
}
