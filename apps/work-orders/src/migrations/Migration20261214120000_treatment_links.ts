import { Migration } from '@mikro-orm/migrations';

/**
 * DOMAIN.md D "Case profit": the treatments a lab case is linked to, and the copy of patient-accounts' treatments
 * (from its events, or from its `account-basis` answer for one not copied yet) that the links are checked against:
 * only where a treatment belongs and whether it still exists, never its amount or physician.
 */
export class Migration20261214120000TreatmentLinks extends Migration {
  override async up(): Promise<void> {
    // revision: the treatment's own (patient-accounts'); a late or redelivered older snapshot changes nothing
    this.addSql(`create table known_treatment (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      patient_id uuid not null,
      deleted boolean not null,
      revision integer not null,
      created_at timestamptz not null default now())`);
    this.addSql(`create table work_order_treatment (
      work_order_id uuid not null references work_order (id),
      treatment_id uuid not null,
      organization_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (work_order_id, treatment_id))`);
    // +1 on every change of a work order's set of links (the event's revision); 0 = never linked
    this.addSql('alter table work_order add column links_revision integer not null default 0');
  }

  override async down(): Promise<void> {
    this.addSql('alter table work_order drop column if exists links_revision');
    this.addSql('drop table if exists work_order_treatment');
    this.addSql('drop table if exists known_treatment');
  }
}
