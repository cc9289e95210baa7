import { Migration } from '@mikro-orm/migrations';

/**
 * Lab cases (DOMAIN.md D "Case profit", and the lab fees of "Progress payment modes"): the work orders with what a case
 * needs of them, their labs' names, and each work order's set of linked treatments, from the WORK_ORDERS events; one
 * row per record at its newest revision. The treatments themselves are the ledger's (`ledger_treatment`).
 */
export class Migration20261214130000CaseProfit extends Migration {
  override async up(): Promise<void> {
    // `work-orders.work-order.created|updated`: a case's lab cost is the work order's total (minor units)
    this.addSql(`create table case_work_order (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      lab_id uuid not null,
      patient_id uuid,
      number text not null,
      documented_date date not null,
      status text not null,
      total bigint not null,
      currency char(3) not null,
      revision int not null,
      updated_at timestamptz not null default now())`);
    this.addSql(`create index case_work_order_clinic on case_work_order (organization_id, clinic_id, documented_date)
      where status <> 'cancelled'`);
    // `work-orders.lab.created|updated`: names for the rows
    this.addSql(`create table case_lab (
      id uuid primary key,
      organization_id uuid not null,
      name text not null,
      revision int not null)`);
    // `work-orders.work-order.treatments-linked`: the whole set, guarded by the work order's links revision (the link
    // event may come before the work order's own)
    this.addSql(`create table case_link_set (
      work_order_id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      treatment_ids uuid[] not null,
      links_revision int not null,
      updated_at timestamptz not null default now())`);
    this.addSql(`create index case_link_set_clinic on case_link_set (organization_id, clinic_id)
      where cardinality(treatment_ids) > 0`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists case_link_set');
    this.addSql('drop table if exists case_lab');
    this.addSql('drop table if exists case_work_order');
  }
}
