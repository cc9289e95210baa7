import { Migration } from '@mikro-orm/migrations';

/**
 * The organization's chart for the journal export (DOMAIN.md E): the code and name of each account key it changed
 * from the default. Configuration, not a figure: kept here beside the organization's name, because reporting's
 * tables are emptied and rebuilt from the streams.
 */
export class Migration20261215100000AccountingAccounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists accounting_account (
      organization_id uuid not null,
      key text not null,
      code text not null,
      name text not null,
      updated_by uuid not null,
      updated_at timestamptz not null default now(),
      primary key (organization_id, key))`);
  }
}
