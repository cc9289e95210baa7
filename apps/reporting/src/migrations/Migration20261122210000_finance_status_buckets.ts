import { Migration } from '@mikro-orm/migrations';

/**
 * The organization-wide month buckets split by payment status: the Work Orders tab's totals with a status filter
 * (for a caller who sees every clinic) come from whole months here instead of every row of the period. Kept by the
 * projection with the other buckets; filled from the work-order rows here.
 */
export class Migration20261122210000FinanceStatusBuckets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table finance_status_month_bucket (
      organization_id uuid not null,
      month date not null,
      lab_id uuid not null,
      payment_method text not null,
      cancelled boolean not null,
      currency char(3) not null,
      payment_status_rank smallint not null,
      work_order_count bigint not null,
      total_amount bigint not null,
      paid_amount bigint not null,
      primary key (organization_id, month, lab_id, payment_method, cancelled, currency, payment_status_rank))`);
    this.addSql(`insert into finance_status_month_bucket (organization_id, month, lab_id, payment_method, cancelled,
        currency, payment_status_rank, work_order_count, total_amount, paid_amount)
      select organization_id, date_trunc('month', documented_date)::date, lab_id, payment_method, cancelled, currency,
        payment_status_rank, count(*), sum(total_amount), sum(paid_amount)
      from finance_work_order group by 1, 2, 3, 4, 5, 6, 7`);
  }
}
