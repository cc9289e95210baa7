import { Migration } from '@mikro-orm/migrations';

/**
 * Payables aging (DOMAIN.md D): what the Finance read model does not keep. The work orders themselves (clinic, lab,
 * number, documented date, cancelled, total, paid) are `finance_work_order`'s; here are each plan's installments and
 * each payment's date. Money is bigint minor units; every row keeps the revision of the snapshot it came from.
 */
export class Migration20261214140000Payables extends Migration {
  override async up(): Promise<void> {
    // One row per work order: the revision of the plan whose installments are stored (the guard of a plan edit).
    this.addSql(`create table payables_plan (
      work_order_id uuid primary key,
      organization_id uuid not null,
      revision int not null,
      updated_at timestamptz not null default now())`);

    // The installments oldest due first (position 1, 2, …; plan order among equal dates), each with the sum of the
    // installments before it: an installment's uncovered remainder as of D is then
    // least(amount, greatest(0, covered_before + amount − paid as of D)), with no sort at query time.
    this.addSql(`create table payables_installment (
      work_order_id uuid not null,
      position smallint not null,
      organization_id uuid not null,
      due_date date not null,
      amount bigint not null,
      covered_before bigint not null,
      primary key (work_order_id, position) include (due_date, amount, covered_before))`);

    // Work-order payments with their date (finance_work_order_payment has none); a delete stays as a tombstone.
    this.addSql(`create table payables_payment (
      id uuid primary key,
      organization_id uuid not null,
      work_order_id uuid not null,
      date date not null,
      amount bigint not null,
      revision int not null,
      deleted boolean not null,
      updated_at timestamptz not null default now())`);
    // "Money dated after D" per work order: as of today a short range at the end of the index.
    this.addSql(`create index payables_payment_by_date on payables_payment (organization_id, date)
      include (work_order_id, amount) where not deleted`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists payables_payment');
    this.addSql('drop table if exists payables_installment');
    this.addSql('drop table if exists payables_plan');
  }
}
