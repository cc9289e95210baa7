import { CallerContext, DomainError, WorkOrderErrors } from '@dental/contracts';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Lab } from './lab.entity';

/** A lab of the caller's organization; another organization's lab is "not found". */
export async function findLab(em: EntityManager, caller: CallerContext, labId: string, lock = false): Promise<Lab> {
  const lab = await em.findOne(
    Lab,
    { id: labId, organizationId: caller.organizationId },
    lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!lab) throw DomainError.notFound(WorkOrderErrors.LAB_NOT_FOUND, 'lab', labId);
  return lab;
}
