import { Migration } from '@mikro-orm/migrations';

/**
 * The patients this service knows: a local copy of each patient's organization and clinic (fixed for its life) from
 * `patient-accounts.patient.created|updated`, or asked of patient-accounts when its event has not arrived yet. A work
 * order's patientId must be one of them, in the work order's organization and clinic.
 */
export class Migration20261205100000KnownPatients extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table known_patient (
      id uuid primary key,
      organization_id uuid not null,
      clinic_id uuid not null,
      created_at timestamptz not null default now())`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists known_patient');
  }
}
