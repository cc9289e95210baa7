import { Migration } from '@mikro-orm/migrations';

/**
 * The patient ledger (DOMAIN.md B, D): patients, treatments, received money, closure write-offs and contracts as the
 * PATIENT_ACCOUNTS and PAYMENTS events tell them, one row per record at its newest revision (a delete stays as a
 * tombstone so that an older revision cannot revive it), and one derived balance row per patient, recomputed from
 * those rows whenever one of them changes. Money is bigint minor units; signed where the domain signs it.
 */
export class Migration20261206120000Ledger extends Migration {
  override async up(): Promise<void> {
    // `patient-accounts.patient.created/updated` (no revision: the newer event wins).
    this.addSql(`create table ledger_patient (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      first_name text not null,
      last_name text not null,
      name text generated always as (first_name || ' ' || last_name) stored,
      currency char(3) not null,
      occurred_at timestamptz not null)`);

    // `patient-accounts.treatment.*` (Bank Cost treatments included). FIFO order: date, created_at, id.
    this.addSql(`create table ledger_treatment (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      patient_id uuid not null,
      physician_id uuid,
      procedure text not null,
      date date not null,
      amount bigint not null,
      currency char(3) not null,
      created_at timestamptz not null,
      revision int not null,
      deleted boolean not null,
      updated_at timestamptz not null default now())`);
    this.addSql(`create index ledger_treatment_patient on ledger_treatment (patient_id, date, created_at, id)
      include (amount) where not deleted`);
    this.addSql(`create index ledger_treatment_org_date on ledger_treatment (organization_id, date)
      include (clinic_id, patient_id, amount) where not deleted`);
    this.addSql(`create index ledger_treatment_clinic_date on ledger_treatment (clinic_id, date)
      include (physician_id, amount) where not deleted`);

    // `payments.patient-payment.*`: amount signed (a refund negative), bank cost of a card payment, or 0.
    this.addSql(`create table ledger_received (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      patient_id uuid not null,
      date date not null,
      amount bigint not null,
      bank_cost bigint not null,
      payment_type text not null,
      physician_id uuid,
      contract_id uuid,
      currency char(3) not null,
      revision int not null,
      deleted boolean not null,
      updated_at timestamptz not null default now())`);
    this.addSql(`create index ledger_received_patient on ledger_received (patient_id, date)
      include (amount) where not deleted`);
    this.addSql(`create index ledger_received_org_date on ledger_received (organization_id, date)
      include (clinic_id, patient_id, amount) where not deleted`);
    this.addSql(`create index ledger_received_clinic_date on ledger_received (clinic_id, date)
      include (physician_id, amount) where not deleted`);
    this.addSql(`create index ledger_received_contract on ledger_received (contract_id)
      include (amount) where contract_id is not null and not deleted`);

    // `patient-accounts.account.closed` / `.reopened`: the signed write-off (+ unpaid, − received more) counts as
    // received on the closure date; an undone closure (reopened) counts for nothing and is never revived.
    this.addSql(`create table ledger_closure (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      patient_id uuid not null,
      date date not null,
      written_off bigint not null,
      currency char(3) not null,
      undone boolean not null,
      updated_at timestamptz not null default now())`);
    this.addSql('create index ledger_closure_patient on ledger_closure (patient_id) where not undone');
    this.addSql(`create index ledger_closure_org_date on ledger_closure (organization_id, date)
      include (clinic_id, patient_id, written_off) where not undone`);

    // `patient-accounts.contract.created` (a contract never changes).
    this.addSql(`create table ledger_contract (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      patient_id uuid not null,
      contract_date date not null,
      total bigint not null,
      currency char(3) not null)`);
    this.addSql('create index ledger_contract_patient on ledger_contract (patient_id)');

    // Derived, per patient, from the rows above (recomputed for every patient a batch touches): the name (for
    // sorting), all-time sums, the open part after the latest closure (what the account page shows) and the contract
    // balance. "Unbalanced" (treatments ≠ received + write-offs, all-time) = owing or in credit as of any date after
    // the patient's last record: the patients the receivables aging lists.
    this.addSql(`create table ledger_balance (
      patient_id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      name text not null,
      currency char(3) not null,
      treatment_total bigint not null,
      received_total bigint not null,
      written_off_total bigint not null,
      closed_through date,
      open_treatment_total bigint not null,
      open_received_total bigint not null,
      open_balance bigint generated always as (open_treatment_total - open_received_total) stored,
      last_payment_date date,
      contract_balance bigint not null,
      updated_at timestamptz not null default now())`);
    const unbalanced = 'where treatment_total <> received_total + written_off_total';
    this.addSql(`create index ledger_balance_owing on ledger_balance (organization_id, clinic_id)
      include (patient_id, currency, treatment_total, received_total, written_off_total) ${unbalanced}`);
    this.addSql(`create index ledger_balance_owing_name on ledger_balance (organization_id, name, patient_id)
      include (clinic_id) ${unbalanced}`);
    this.addSql(`create index ledger_balance_owing_clinic_name on ledger_balance
      (organization_id, clinic_id, name, patient_id) ${unbalanced}`);
    // balance report: debtors by amount (largest first), overpayers by amount (largest received more first)
    this.addSql(`create index ledger_balance_debtors on ledger_balance
      (organization_id, open_balance desc, name, patient_id) include (clinic_id) where open_balance > 0`);
    this.addSql(`create index ledger_balance_debtors_clinic on ledger_balance
      (organization_id, clinic_id, open_balance desc, name, patient_id) where open_balance > 0`);
    this.addSql(`create index ledger_balance_overpayers on ledger_balance
      (organization_id, open_balance, name, patient_id) include (clinic_id) where open_balance < 0`);
    this.addSql(`create index ledger_balance_overpayers_clinic on ledger_balance
      (organization_id, clinic_id, open_balance, name, patient_id) where open_balance < 0`);

    // Derived, per patient and date: what is still owed of the treatments of that date with every record counted
    // (FIFO: a treatment's remainder = clamp(treatments up to it − received and written off, 0, its amount)), and
    // money refunded beyond what was received at the latest negative record's date. The aging as of D of a patient
    // with no record dated after D is these rows aged from D.
    this.addSql(`create table ledger_open_item (
      patient_id uuid not null,
      organization_id uuid not null,
      clinic_id uuid not null,
      date date not null,
      remainder bigint not null,
      primary key (patient_id, date))`);
    this.addSql(`create index ledger_open_item_scope on ledger_open_item (organization_id, clinic_id)
      include (date, patient_id, remainder)`);

    // Sums of the two derived tables per clinic, moved by the batch that changes them (the touched patients' old
    // contributions out, their new ones in): what the totals rows read instead of every patient. Per clinic and
    // date, the open items; per clinic, how many patients are unbalanced and their credits (received more,
    // all-time), and the balance report's debtors and overpayers (open part) with their sums.
    this.addSql(`create table ledger_open_day (
      organization_id uuid not null,
      clinic_id uuid not null,
      date date not null,
      remainder bigint not null,
      primary key (organization_id, clinic_id, date))`);
    this.addSql(`create table ledger_clinic_total (
      organization_id uuid not null,
      clinic_id uuid not null,
      currency char(3) not null,
      unbalanced bigint not null,
      credit bigint not null,
      debtors bigint not null,
      debtor_treatments bigint not null,
      debtor_received bigint not null,
      debtor_contracts bigint not null,
      overpayers bigint not null,
      overpayer_treatments bigint not null,
      overpayer_received bigint not null,
      overpayer_contracts bigint not null,
      primary key (organization_id, clinic_id, currency))`);
  }

  override async down(): Promise<void> {
    for (const table of [
      'ledger_clinic_total',
      'ledger_open_day',
      'ledger_open_item',
      'ledger_balance',
      'ledger_contract',
      'ledger_closure',
      'ledger_received',
      'ledger_treatment',
      'ledger_patient',
    ])
      this.addSql(`drop table if exists ${table}`);
  }
}
