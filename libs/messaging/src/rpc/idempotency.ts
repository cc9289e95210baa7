import { CallerContext, callerMaySeeClinic, CommonErrors, DomainError, IdempotencyErrors } from '@dental/contracts';
import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { toJson } from './rpc-json';

/** A client's key for one write, as the gateway sends it on: the key and the hash of the request it came with. */
export interface IdempotentRequest {
  subject: string;
  key: string;
  hash: string;
  caller: CallerContext;
}

export interface IdempotentOutcome {
  data: unknown;
  /** true when the answer is the stored one of an earlier request with this key */
  replayed: boolean;
}

/**
 * Runs a write under the client's Idempotency-Key, in the service that owns the record: the key is claimed in the
 * same transaction as the record (the handler's own transaction nests inside it), so the key exists exactly when
 * the record does. A retry after any fault (lost reply, timeout, a crashed gateway or service) finds the committed
 * key and gets the stored answer; a retry racing the first one waits on the key's row until that commits or rolls
 * back. Failures store nothing: the key stays free and the client's retry runs the write again.
 */
export async function runIdempotent(
  orm: MikroORM,
  req: IdempotentRequest,
  work: () => Promise<unknown>,
): Promise<IdempotentOutcome> {
  const { organizationId, userId } = req.caller;
  const id = [organizationId, userId, req.subject, req.key];
  return (orm.em as EntityManager).transactional(async (tx) => {
    const claimed = await tx.execute<unknown[]>(
      `insert into idempotency_record (organization_id, user_id, subject, key, request_hash)
       values (?, ?, ?, ?, ?) on conflict do nothing returning 1`,
      [...id, req.hash],
    );
    if (!claimed.length) {
      const [stored] = await tx.execute<{ request_hash: string; clinic_id: string | null; response: string }[]>(
        `select request_hash, clinic_id, response from idempotency_record
          where organization_id = ? and user_id = ? and subject = ? and key = ?`,
        id,
      );
      if (stored.request_hash !== req.hash)
        throw new DomainError(IdempotencyErrors.KEY_REUSED, 409, 'this Idempotency-Key was used with another request');
      if (stored.clinic_id && !callerMaySeeClinic(req.caller, stored.clinic_id))
        throw new DomainError(CommonErrors.FORBIDDEN_CLINIC, 404, 'the record of this Idempotency-Key was not found');
      return { data: JSON.parse(stored.response) as unknown, replayed: true };
    }
    const data = (await work()) ?? null;
    const clinicId = (data as { clinicId?: unknown }).clinicId;
    await tx.execute(
      `update idempotency_record set response = ?, clinic_id = ?
        where organization_id = ? and user_id = ? and subject = ? and key = ?`,
      [toJson(data), typeof clinicId === 'string' ? clinicId : null, ...id],
    );
    return { data, replayed: false };
  });
}
