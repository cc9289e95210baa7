import { Migration } from '@mikro-orm/migrations';

/** Accented letters of the clinics' languages and their plain forms (same length, position by position). */
const ACCENTED = 'ÀÁÂÃÄÅàáâãäåÇçĆćČčÈÉÊËèéêëĚěÌÍÎÏìíîïıİÑñŃńÒÓÔÕÖØòóôõöøŐőÙÚÛÜùúûüŰűÝýÿŞşŠšŚśĞğŽžŹźŻżŁłßŘřŤťĎď';
const PLAIN = 'AAAAAAaaaaaaCcCcCcEEEEeeeeEeIIIIiiiiiINnNnOOOOOOooooooOoUUUUuuuuUuYyySsSsSsGgZzZzZzLlsRrTtDd';

export class Migration20261122230000PatientSearch extends Migration {
  override async up(): Promise<void> {
    // Folding with translate() + lower(): immutable, so it can feed a stored column; needs no extension.
    this.addSql(`create function patient_search_fold(value text) returns text
      language sql immutable parallel safe
      as $$ select lower(translate(value, '${ACCENTED}', '${PLAIN}')) $$`);
    // One text per patient that GET /patients?q= searches; the phone also without spaces and signs.
    this.addSql(`alter table patient add column search_text text generated always as (patient_search_fold(
      first_name || ' ' || last_name || ' ' || coalesce(phone, '') || ' '
        || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), '') || ' ' || coalesce(email, ''))) stored`);
    // The list's order within a clinic, so a page is read from the index.
    this.addSql('create index patient_clinic_name on patient (organization_id, clinic_id, last_name, first_name, id)');
    // "contains" search uses trigrams where pg_trgm may be created (a trusted extension); without it, a scan.
    this.addSql(`do $$ begin
      create extension if not exists pg_trgm;
      create index patient_search_trgm on patient using gin (search_text gin_trgm_ops);
    exception when insufficient_privilege or undefined_file or feature_not_supported then
      raise notice 'pg_trgm not available: patient search scans the clinic''s patients';
    end $$`);
  }
}
