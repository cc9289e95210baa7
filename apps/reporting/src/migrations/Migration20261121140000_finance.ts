import { Migration } from '@mikro-orm/migrations';

/**
 * The Finance read models (DOMAIN.md A), rebuilt from `work-orders.*` and `payments.work-order-payment.*` events.
 * Money is bigint minor units. Every row keeps the revision of the snapshot it was built from: a snapshot applies only
 * when it is newer, so redelivered and reordered events leave the same figures.
 */
export class Migration20261121140000Finance extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table finance_lab (
      id uuid primary key,
      organization_id uuid not null,
      name text not null,
      revision int not null,
      updated_at timestamptz not null default now())`);
    this.addSql('create index finance_lab_organization on finance_lab (organization_id, name)');

    // Clinics seen in work orders: tells "another organization's clinic" (404) from "no work orders yet".
    this.addSql(`create table finance_clinic (
      id uuid primary key,
      organization_id uuid not null)`);

    this.addSql(`create table finance_work_order (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      lab_id uuid not null,
      lab_name text not null default '',
      number text not null,
      payment_method text not null,
      status text not null,
      cancelled boolean not null,
      currency char(3) not null,
      documented_date date not null,
      total_amount bigint not null,
      paid_amount bigint not null,
      outstanding_amount bigint generated always as (total_amount - paid_amount) stored,
      payment_status text not null check (payment_status in ('unpaid', 'partially_paid', 'paid', 'overpaid')),
      payment_status_rank smallint generated always as (case payment_status
        when 'unpaid' then 0 when 'partially_paid' then 1 when 'paid' then 2 else 3 end) stored,
      revision int not null,
      updated_at timestamptz not null default now())`);
    // Period edges of the Dental Labs tab read only this index (index-only scan); the Work Orders tab sorts by it.
    this.addSql(`create index finance_work_order_period on finance_work_order (organization_id, documented_date, id)
      include (clinic_id, lab_id, payment_method, cancelled, currency, total_amount, paid_amount, payment_status_rank)`);
    // One index per sortable column, id as the tie-breaker, for paging and keyset export.
    for (const column of [
      'number',
      'lab_name',
      'payment_method',
      'paid_amount',
      'total_amount',
      'outstanding_amount',
      'payment_status_rank',
    ]) {
      this.addSql(
        `create index finance_work_order_by_${column} on finance_work_order (organization_id, ${column}, id)`,
      );
    }
    this.addSql('create index finance_work_order_lab on finance_work_order (lab_id)');

    this.addSql(`create table finance_work_order_payment (
      id uuid primary key,
      organization_id uuid not null,
      work_order_id uuid not null,
      amount bigint not null,
      currency char(3) not null,
      revision int not null,
      deleted boolean not null,
      updated_at timestamptz not null default now())`);
    this.addSql(
      'create index finance_work_order_payment_live on finance_work_order_payment (work_order_id) include (amount) where not deleted',
    );

    // The Dental Labs tab at scale: one row per (organization, month, clinic, lab, method, cancelled, currency),
    // kept in the same transaction as the work-order row it sums.
    this.addSql(`create table finance_month_bucket (
      organization_id uuid not null,
      month date not null,
      clinic_id uuid not null,
      lab_id uuid not null,
      payment_method text not null,
      cancelled boolean not null,
      currency char(3) not null,
      work_order_count bigint not null,
      total_amount bigint not null,
      paid_amount bigint not null,
      primary key (organization_id, month, clinic_id, lab_id, payment_method, cancelled, currency))`);
    this.addSql('create index finance_month_bucket_clinic on finance_month_bucket (organization_id, clinic_id, month)');
    // The same over all clinics of the organization: what a caller who sees every clinic reads, without a clinic
    // filter. At a million work orders the per-clinic buckets hold up to a clinic count times more rows.
    this.addSql(`create table finance_org_month_bucket (
      organization_id uuid not null,
      month date not null,
      lab_id uuid not null,
      payment_method text not null,
      cancelled boolean not null,
      currency char(3) not null,
      work_order_count bigint not null,
      total_amount bigint not null,
      paid_amount bigint not null,
      primary key (organization_id, month, lab_id, payment_method, cancelled, currency))`);
  }
}
