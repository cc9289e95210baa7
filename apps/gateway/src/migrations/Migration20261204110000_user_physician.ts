import { Migration } from '@mikro-orm/migrations';

/** A staff account may be a physician's own: they then see only their own Progress Payment. */
export class Migration20261204110000UserPhysician extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table app_user add column if not exists physician_id uuid null');
  }
}
