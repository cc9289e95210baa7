import { Migration } from '@mikro-orm/migrations';

/**
 * The Account Book and Progress Payment read models (DOMAIN.md B, C): one row per money record, the newest revision
 * of its snapshot (a delete stays as a tombstone so that an older revision cannot revive it). Money is bigint minor
 * units; the reports are sums grouped by day, month or year at query time.
 */
export class Migration20261122210000Reports extends Migration {
  override async up(): Promise<void> {
    // Clinics from `payments.clinic.created`: organization (404 for another's), currency, name and locale of files.
    this.addSql(`create table report_clinic (
      id uuid primary key,
      organization_id uuid not null,
      name text not null,
      currency char(3) not null,
      time_zone text not null,
      locale text not null)`);

    // Received money of patients; splits = [{ "physicianId": uuid|null, "amount": minor units as text }].
    this.addSql(`create table report_patient_payment (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      date date not null,
      payment_type text not null,
      amount bigint not null,
      bank_cost bigint not null,
      currency char(3) not null,
      splits jsonb not null,
      revision int not null,
      deleted boolean not null,
      updated_at timestamptz not null default now())`);
    this.addSql(`create index report_patient_payment_day on report_patient_payment (clinic_id, date)
      include (payment_type, amount, bank_cost) where not deleted`);

    // Payments to dental labs (money out), by the work order's clinic.
    this.addSql(`create table report_lab_payment (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      date date not null,
      amount bigint not null,
      currency char(3) not null,
      revision int not null,
      deleted boolean not null,
      updated_at timestamptz not null default now())`);
    this.addSql(`create index report_lab_payment_day on report_lab_payment (clinic_id, date)
      include (amount) where not deleted`);

    // Physicians' names and commission; snapshots carry no revision, the event's time orders them.
    this.addSql(`create table report_physician (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      name text not null,
      commission_percent text,
      occurred_at timestamptz not null)`);
    this.addSql('create index report_physician_clinic on report_physician (clinic_id)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists report_physician');
    this.addSql('drop table if exists report_lab_payment');
    this.addSql('drop table if exists report_patient_payment');
    this.addSql('drop table if exists report_clinic');
  }
}
