import { Migration } from '@mikro-orm/migrations';

/** Idempotency keys now live with the records in the owning services (idempotency_record there). */
export class Migration20261204100000IdempotencyAtOwner extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop table if exists idempotency_key');
  }
}
