import {
  CallerContext,
  rejectNulls,
  UpdateWorkOrderCommand,
  WorkOrderView,
  WorkOrderEventContracts,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { findWorkOrder, installmentsOf } from '../work-order-lookup';
import { workOrderView } from '../work-order-view';
import { WorkOrderAudit } from '../work-order.entity';

@Injectable()
export class UpdateWorkOrderHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Status and description. Any production status may follow any other, a cancelled order may be re-opened:
   * the lab's real life goes back and forth (a remake, a cancellation by mistake) and the audit keeps the trail.
   */
  async execute(cmd: UpdateWorkOrderCommand, caller: CallerContext): Promise<WorkOrderView> {
    rejectNulls(cmd, ['status', 'description']);
    return this.em.transactional(async (em) => {
      const wo = await findWorkOrder(em, caller, cmd.workOrderId, true);
      // production status and description are not money; cancelling (or re-opening) takes the lab cost off the books
      if (cmd.status !== undefined && (cmd.status === 'cancelled') !== (wo.status === 'cancelled'))
        await assertPeriodOpen(em, caller.organizationId, wo.clinicId, [wo.documentedDate]);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (cmd.status !== undefined && cmd.status !== wo.status) {
        before.status = wo.status;
        after.status = wo.status = cmd.status;
      }
      if (cmd.description !== undefined && cmd.description !== wo.description) {
        before.description = wo.description;
        after.description = wo.description = cmd.description;
      }
      const installments = await installmentsOf(em, wo);
      // Nothing changed: no new revision, no audit entry, no event.
      if (!Object.keys(after).length) return workOrderView(wo, installments);
      wo.revision += 1;
      return this.outbox.recordChange(em, {
        snapshot: workOrderView(wo, installments),
        audit: () =>
          em.create(WorkOrderAudit, {
            organizationId: caller.organizationId,
            workOrderId: wo.id,
            action: 'updated',
            userId: caller.userId,
            before,
            after, // the changed fields, as set on the row the view was taken from
          }),
        event: {
          event: WorkOrderEventContracts.workOrderUpdated,
          organizationId: caller.organizationId,
          clinicId: wo.clinicId,
        },
      }).snapshot;
    });
  }
}
