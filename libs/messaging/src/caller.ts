import { CallerContext, HEADERS } from '@dental/contracts';
import { headers as natsHeaders, MsgHdrs } from 'nats';

export function callerToHeaders(caller: CallerContext, extra: Record<string, string | undefined> = {}): MsgHdrs {
  const h = natsHeaders();
  h.set(HEADERS.organizationId, caller.organizationId);
  h.set(HEADERS.clinicIds, caller.clinicIds === '*' ? '*' : caller.clinicIds.join(','));
  h.set(HEADERS.userId, caller.userId);
  h.set(HEADERS.roles, caller.roles.join(','));
  h.set(HEADERS.correlationId, caller.correlationId);
  for (const [k, v] of Object.entries(extra)) if (v) h.set(k, v);
  return h;
}

/** Reads the caller set by the gateway; undefined when the organization header is missing. */
export function callerFromHeaders(h: MsgHdrs | undefined): CallerContext | undefined {
  const organizationId = h?.get(HEADERS.organizationId);
  if (!h || !organizationId) return undefined;
  const clinics = h.get(HEADERS.clinicIds);
  return {
    organizationId,
    clinicIds: clinics === '*' ? '*' : clinics ? clinics.split(',') : [],
    userId: h.get(HEADERS.userId) || 'system',
    roles: (h.get(HEADERS.roles) || '').split(',').filter(Boolean),
    correlationId: h.get(HEADERS.correlationId) || '',
  };
}
