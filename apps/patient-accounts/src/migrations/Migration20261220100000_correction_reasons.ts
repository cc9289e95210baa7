import { Migration } from '@mikro-orm/migrations';

/**
 * DOMAIN.md E "Corrections carry a reason": a treatment correction's reason and memo beside its audit row, and the
 * audit of invoices and account closures (issued, cancelled, closed, undone), which outlives an undone closure.
 */
export class Migration20261220100000CorrectionReasons extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table treatment_audit add column reason text null, add column memo text null');
    this.addSql(`create table record_audit (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      subject text not null check (subject in ('invoice', 'closure')),
      record_id uuid not null,
      action text not null,
      user_id text not null,
      reason text null,
      memo text null,
      before jsonb null,
      after jsonb null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql(
      'create index record_audit_record_idx on record_audit (organization_id, subject, record_id, created_at)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists record_audit');
    this.addSql('alter table treatment_audit drop column if exists reason, drop column if exists memo');
  }
}
