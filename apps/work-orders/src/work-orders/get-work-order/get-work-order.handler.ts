import { CallerContext, WorkOrderView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { findWorkOrder, installmentsOf } from '../work-order-lookup';
import { auditView, workOrderView } from '../work-order-view';
import { WorkOrderAudit } from '../work-order.entity';

@Injectable()
export class GetWorkOrderHandler {
  constructor(private readonly em: EntityManager) {}

  /** The work order with its audit trail, newest first. */
  async execute(workOrderId: string, caller: CallerContext): Promise<WorkOrderView> {
    const wo = await findWorkOrder(this.em, caller, workOrderId);
    const [installments, audit] = await Promise.all([
      installmentsOf(this.em, wo),
      this.em.find(WorkOrderAudit, { workOrderId: wo.id }, { orderBy: { createdAt: 'desc', id: 'desc' } }),
    ]);
    return { ...workOrderView(wo, installments), audit: audit.map(auditView) };
  }
}
