// The envelope of every JetStream event (ARCHITECTURE.md, Messages). `type` equals the subject without the bus prefix.
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  organizationId: string;
  clinicId: string | null;
  correlationId: string;
  payload: P;
  /**
   * Only on a fact the owner publishes in several versions side by side (a breaking change while consumers move): the
   * versions it was published in. A consumer that reads another of them skips this copy instead of dead-lettering it.
   */
  sideBySide?: number[];
}

/** Header names carried by every request and event: tenant, user and correlation. */
export const HEADERS = {
  organizationId: 'x-organization-id',
  clinicIds: 'x-clinic-ids',
  userId: 'x-user-id',
  roles: 'x-roles',
  correlationId: 'x-correlation-id',
  traceparent: 'traceparent',
  /** A client's Idempotency-Key, sent on by the gateway to the service that owns the record (see libs/messaging). */
  idempotencyKey: 'x-idempotency-key',
  /** sha256 of the client's request (method, path, canonical body): the same key with another request is a 409. */
  idempotencyHash: 'x-idempotency-hash',
} as const;

/** Who is asking: set by the gateway from the verified token, trusted by the services. */
export interface CallerContext {
  organizationId: string;
  /** Clinics the caller may see; `'*'` = every clinic of the organization. */
  clinicIds: string[] | '*';
  userId: string;
  roles: string[];
  correlationId: string;
}

export function callerMaySeeClinic(caller: CallerContext, clinicId: string): boolean {
  return caller.clinicIds === '*' || caller.clinicIds.includes(clinicId);
}
