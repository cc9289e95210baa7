import { CallerContext, Role } from '@dental/contracts';

/** The verified identity carried by an access token. */
export interface Principal {
  userId: string;
  organizationId: string;
  /** `'*'` = every clinic of the organization. */
  clinicIds: string[] | '*';
  roles: Role[];
  /** The physician the user is, when the account is a physician's own. */
  physicianId?: string;
}

export function toCaller(p: Principal, correlationId: string): CallerContext {
  return { organizationId: p.organizationId, clinicIds: p.clinicIds, userId: p.userId, roles: p.roles, correlationId };
}
