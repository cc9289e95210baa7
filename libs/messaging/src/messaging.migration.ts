import { Migration } from '@mikro-orm/migrations';

/** Outbox and inbox tables; every service's migration list starts with it. */
export class MessagingTablesMigration extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists outbox_event (
      id uuid primary key,
      seq bigserial not null,
      type text not null,
      envelope jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz null)`);
    this.addSql('create index if not exists outbox_event_unpublished on outbox_event (seq) where published_at is null');
    this.addSql(`create table if not exists inbox_event (
      consumer text not null,
      event_id uuid not null,
      handled_at timestamptz not null default now(),
      primary key (consumer, event_id))`);
  }
}

export const MESSAGING_MIGRATION = { name: 'Migration00000000000000_messaging', class: MessagingTablesMigration };

/**
 * Idempotency keys of clients' writes, kept by the service that owns the record and written in the record's
 * transaction (see runIdempotent). One row per (organization, user, request subject, key); `response` is the JSON
 * answered the first time, replayed to every retry.
 */
export class IdempotencyRecordsMigration extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists idempotency_record (
      organization_id uuid not null,
      user_id text not null,
      subject text not null,
      key text not null,
      request_hash text not null,
      clinic_id uuid null,
      response text null,
      created_at timestamptz not null default now(),
      primary key (organization_id, user_id, subject, key))`);
  }
}

export const IDEMPOTENCY_MIGRATION = {
  name: 'Migration00000000000001_idempotency',
  class: IdempotencyRecordsMigration,
};
