import { Migration } from '@mikro-orm/migrations';

export class Migration20261122200000PatientPayments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table patient_payment (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      patient_id uuid not null,
      receipt_seq bigint not null check (receipt_seq >= 1),
      date date not null,
      amount_minor bigint not null check (amount_minor <> 0),
      entered_minor bigint not null check (entered_minor > 0),
      bank_cost_minor bigint null check (bank_cost_minor >= 0),
      bank_charge_scaled bigint null check (bank_charge_scaled >= 0),
      payment_type text not null check (payment_type in ('cash', 'card', 'bank_transfer', 'check', 'refund')),
      contract_id uuid null,
      note text null,
      currency char(3) not null,
      splits jsonb not null,
      revision integer not null check (revision >= 1),
      deleted_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint patient_payment_receipt unique (clinic_id, receipt_seq),
      constraint patient_payment_refund_negative check ((payment_type = 'refund') = (amount_minor < 0)))`);
    this.addSql('create index patient_payment_patient on patient_payment (organization_id, patient_id, date)');
    this.addSql(`create index patient_payment_contract on patient_payment (patient_id, contract_id)
      where contract_id is not null and deleted_at is null`);
    // the last receipt number given per clinic; its row is locked by the transaction that takes the next one
    this.addSql(`create table receipt_counter (
      clinic_id uuid primary key,
      organization_id uuid not null,
      last_number bigint not null check (last_number >= 0))`);
    // one row per patient with money or a lock: every change of the patient's money locks it first
    this.addSql(`create table patient_money (
      patient_id uuid primary key,
      organization_id uuid not null,
      created_at timestamptz not null default now())`);
    // one row per closure of patient-accounts: money dated on or before the latest `through` is locked
    this.addSql(`create table patient_money_lock (
      closure_id uuid primary key,
      patient_id uuid not null references patient_money (patient_id),
      organization_id uuid not null,
      through date not null,
      created_at timestamptz not null default now())`);
    this.addSql('create index patient_money_lock_patient on patient_money_lock (patient_id, through)');
  }
}
