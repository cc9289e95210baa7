import { Migration } from '@mikro-orm/migrations';

/**
 * Local copies of what payments needs from its neighbours, kept from their events (src/neighbours): the patient
 * basis from PATIENT_ACCOUNTS, the work orders' fixed facts from WORK_ORDERS. Each row keeps the guard of the
 * snapshot it holds (revision, or the event's occurred_at where the snapshot has none), so a late or redelivered
 * older snapshot changes nothing.
 */
export class Migration20261123100000NeighbourCopies extends Migration {
  override async up(): Promise<void> {
    // created_seen: the patient's created event was consumed, so every later treatment, contract and closure of the
    // patient is on its way here too (a patient created before payments kept copies is only ever partly known)
    this.addSql(`create table known_patient (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      first_name text not null,
      last_name text not null,
      phone text null,
      email text null,
      family_id uuid null,
      currency char(3) not null,
      created_seen boolean not null default false,
      occurred_at timestamptz not null)`);
    this.addSql(`create table known_physician (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      name text not null,
      occurred_at timestamptz not null)`);
    // first_seen_at: the earliest event of the treatment (its created event), the order patient-accounts lists it in
    this.addSql(`create table known_treatment (
      id uuid primary key,
      organization_id uuid not null,
      patient_id uuid not null,
      physician_id uuid null,
      date date not null,
      amount_minor bigint not null,
      currency char(3) not null,
      deleted boolean not null,
      revision integer not null check (revision >= 1),
      first_seen_at timestamptz not null)`);
    this.addSql('create index known_treatment_patient on known_treatment (patient_id, date) where not deleted');
    this.addSql(`create table known_contract (
      id uuid primary key,
      organization_id uuid not null,
      patient_id uuid not null,
      occurred_at timestamptz not null)`);
    this.addSql('create index known_contract_patient on known_contract (patient_id)');
    // a closure id is closed once and reopened at most once: reopened wins whatever order the two events come in
    this.addSql(`create table known_closure (
      id uuid primary key,
      organization_id uuid not null,
      patient_id uuid not null,
      date date null,
      reopened boolean not null)`);
    this.addSql('create index known_closure_patient on known_closure (patient_id) where not reopened');
    // a work order's organization, clinic, lab and currency never change; revision only orders the snapshots
    this.addSql(`create table known_work_order (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      lab_id uuid not null,
      currency char(3) not null,
      revision integer not null)`);
  }
}
