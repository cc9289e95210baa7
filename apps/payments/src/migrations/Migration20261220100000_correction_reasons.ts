import { Migration } from '@mikro-orm/migrations';

/** DOMAIN.md E "Corrections carry a reason": the reason and memo of a person's correction, kept with its audit entry. */
export class Migration20261220100000CorrectionReasons extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table audit_entry add column reason text null, add column memo text null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table audit_entry drop column if exists reason, drop column if exists memo');
  }
}
