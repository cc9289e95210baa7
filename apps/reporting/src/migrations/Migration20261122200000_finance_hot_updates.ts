import { Migration } from '@mikro-orm/migrations';

/**
 * Payments change a work order's paid amount (and with it outstanding and payment status) thousands of times a
 * second under load. With no index on those columns, PostgreSQL updates the row in place on its page (a HOT update)
 * and writes no index entry at all; one index on them would make every payment write into all of them. So: no index
 * on paid, outstanding or status (the Work Orders tab filters first and sorts the filtered rows when a sort or filter
 * has no index, see finance-work-orders.handler.ts), 15% of each page kept free for the new row versions, and an
 * index for the lab filter by period.
 */
export class Migration20261122200000FinanceHotUpdates extends Migration {
  override async up(): Promise<void> {
    for (const index of ['by_paid_amount', 'by_outstanding_amount', 'by_payment_status_rank', 'lab', 'period']) {
      this.addSql(`drop index if exists finance_work_order_${index}`);
    }
    // Period edges of the Dental Labs tab and the default sort (newest first); paid comes from the row.
    this.addSql(`create index finance_work_order_period on finance_work_order (organization_id, documented_date, id)
      include (clinic_id, lab_id, payment_method, cancelled, currency, total_amount)`);
    this.addSql(
      'create index finance_work_order_by_lab on finance_work_order (organization_id, lab_id, documented_date)',
    );
    this.addSql('alter table finance_work_order set (fillfactor = 85)');
  }
}
