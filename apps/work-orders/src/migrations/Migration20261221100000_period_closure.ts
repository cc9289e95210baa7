import { PERIOD_CLOSURE_TABLE_SQL } from '@dental/persistence';
import { Migration } from '@mikro-orm/migrations';

/** DOMAIN.md E "Period close": this service's copy of the closures it refuses writes by (libs/persistence). */
export class Migration20261221100000PeriodClosure extends Migration {
  override async up(): Promise<void> {
    for (const sql of PERIOD_CLOSURE_TABLE_SQL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists period_closure');
  }
}
