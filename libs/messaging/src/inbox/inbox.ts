import { EntityManager } from '@mikro-orm/postgresql';

/**
 * Records that `consumer` handled `eventId`, in the caller's transaction. False when it was already handled: the
 * effect must then be skipped. Two replicas racing on one event serialize on the primary key.
 */
export async function claimInbox(em: EntityManager, consumer: string, eventId: string): Promise<boolean> {
  const rows = await em.execute<unknown[]>(
    'insert into inbox_event (consumer, event_id) values (?, ?) on conflict do nothing returning event_id',
    [consumer, eventId],
  );
  return rows.length === 1;
}
