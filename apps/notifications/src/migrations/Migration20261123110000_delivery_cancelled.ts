import { Migration } from '@mikro-orm/migrations';

export class Migration20261123110000DeliveryCancelled extends Migration {
  override async up(): Promise<void> {
    // A delivery still waiting for a try when its alert closes is not sent any more.
    this.addSql('alter table delivery drop constraint delivery_status_check');
    this.addSql(
      "alter table delivery add constraint delivery_status_check check (status in ('pending', 'sent', 'dead', 'cancelled'))",
    );
  }
}
