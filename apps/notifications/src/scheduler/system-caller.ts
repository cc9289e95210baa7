import { CallerContext } from '@dental/contracts';
import { randomUUID } from 'node:crypto';

/** The scheduler asks other services on behalf of an organization, seeing all its clinics. */
export function systemCaller(organizationId: string): CallerContext {
  return {
    organizationId,
    clinicIds: '*',
    userId: 'notifications-scheduler',
    roles: ['admin'],
    correlationId: randomUUID(),
  };
}

/** The wait before try n+1 after n failed tries: base doubling, at most 6 hours. */
export function backoffMs(baseMs: number, failedTries: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failedTries - 1), 6 * 3_600_000);
}
