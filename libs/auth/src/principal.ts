import { CallerContext, Role } from '@dental/contracts';

/** The verified identity carried by an access token. */
export interface Principal {
  userId: string;
  organizationId: string;
  /** `'*'` = every clinic of the organization. */
  clinicIds: string[] | '*';
  roles: Role[];
}

export function toCaller(p: Principal, correlationId: string): CallerContext {
  return { organizationId: p.organizationId, clinicIds: p.clinicIds, userId: p.userId, roles: p.roles, correlationId };
}
