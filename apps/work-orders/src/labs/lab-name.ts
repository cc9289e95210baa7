import { CallerContext, CommonErrors, DomainError, WorkOrderErrors } from '@dental/contracts';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { LabsSql } from './labs.sql';

export async function nameIsFree(
  em: EntityManager,
  caller: CallerContext,
  name: string,
  exceptId?: string,
): Promise<void> {
  const [{ taken }] = await em.execute<{ taken: boolean }[]>(LabsSql.nameTaken.text, [
    caller.organizationId,
    name,
    exceptId ?? '00000000-0000-0000-0000-000000000000',
  ]);
  if (taken) throw nameTaken(name);
}

/** A lab's name without surrounding blanks; only blanks is as bad as nothing. */
export function labName(raw: string): string {
  const name = raw.trim();
  if (!name)
    throw new DomainError(CommonErrors.VALIDATION, 400, 'name: name should not be empty', [
      { field: 'name', reasons: ['name should not be empty'] },
    ]);
  return name;
}

const nameTaken = (name: string) =>
  new DomainError(WorkOrderErrors.LAB_NAME_TAKEN, 409, `a lab named "${name}" exists in this organization`);

/** Two requests racing for one name: the unique index answers, and it is the same 409. */
export async function mapNameRace<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException) throw nameTaken(name);
    throw e;
  }
}
