import { CallerContext, callerMaySeeClinic, DomainError, WorkOrderErrors } from '@dental/contracts';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { WorkOrder, WorkOrderInstallment } from './work-order.entity';

/** A work order of the caller's organization in a clinic the caller may see; anything else is "not found". */
export async function findWorkOrder(
  em: EntityManager,
  caller: CallerContext,
  workOrderId: string,
  lock = false,
): Promise<WorkOrder> {
  const wo = await em.findOne(
    WorkOrder,
    { id: workOrderId, organizationId: caller.organizationId },
    lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!wo || !callerMaySeeClinic(caller, wo.clinicId))
    throw DomainError.notFound(WorkOrderErrors.NOT_FOUND, 'work order', workOrderId);
  return wo;
}

export const installmentsOf = (em: EntityManager, wo: WorkOrder) =>
  em.find(WorkOrderInstallment, { workOrderId: wo.id }, { orderBy: { number: 'asc' } });
