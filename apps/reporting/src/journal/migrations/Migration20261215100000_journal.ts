import { Migration } from '@mikro-orm/migrations';

/**
 * The journal (DOMAIN.md E): what each record last posted (`journal_posting`, to reverse it on the next change) and
 * the lines of every entry (`journal_line`), one entry per event that changed what a record posts. Accounts are
 * keys (`patient_receivables`, …): the gateway names them with the organization's chart when it exports. Money is
 * bigint minor units, debit and credit never negative.
 */
export class Migration20261215100000Journal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table journal_posting (
      kind text not null,
      record_id uuid not null,
      organization_id uuid not null,
      clinic_id uuid not null,
      revision int not null,
      date date not null,
      currency char(3) not null,
      reference text not null,
      legs jsonb not null,
      primary key (kind, record_id))`);

    this.addSql(`create table journal_line (
      id bigserial primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      entry_id uuid not null,
      date date not null,
      account text not null,
      debit bigint not null check (debit >= 0),
      credit bigint not null check (credit >= 0),
      currency char(3) not null,
      source text not null,
      reference text not null,
      record_kind text not null,
      record_id uuid not null)`);
    this.addSql('create index journal_line_org_date on journal_line (organization_id, date, id)');
    this.addSql('create index journal_line_clinic_date on journal_line (organization_id, clinic_id, date, id)');
  }
}
