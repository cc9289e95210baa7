import { AccountErrors, DomainError } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { ClosuresSql } from './closures.sql';

/** The date of the patient's latest closure (everything dated on or before it is closed); null = never closed. */
export async function closedThrough(em: EntityManager, patientId: string): Promise<string | null> {
  const [row] = await em.execute<{ through: string | null }[]>(ClosuresSql.closedThrough.text, [patientId]);
  return row?.through ?? null;
}

/** 409 when a treatment change touches the closed part: a date on or before the latest closure. */
export function refuseClosedDates(through: string | null, dates: readonly string[]): void {
  const closed = through === null ? undefined : dates.find((d) => d <= through);
  if (closed !== undefined)
    throw new DomainError(
      AccountErrors.ACCOUNT_CLOSED,
      409,
      `the account is closed through ${through}: a treatment dated ${closed} cannot be created, changed or deleted`,
      { closedThrough: through },
    );
}
