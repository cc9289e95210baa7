import { CallerContext, ListWorkOrdersQueryDto, WorkOrderListView } from '@dental/contracts';
import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { workOrderView } from '../work-order-view';
import { WorkOrder, WorkOrderInstallment } from '../work-order.entity';

@Injectable()
export class ListWorkOrdersHandler {
  constructor(private readonly em: EntityManager) {}

  /** Newest number first; only clinics the caller may see (a filter on another clinic finds nothing). */
  async execute(q: ListWorkOrdersQueryDto, caller: CallerContext): Promise<WorkOrderListView> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const clinicIds = caller.clinicIds === '*' ? undefined : caller.clinicIds;
    const where: FilterQuery<WorkOrder> = {
      organizationId: caller.organizationId,
      ...(q.labId ? { labId: q.labId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.clinicId
        ? { clinicId: clinicIds && !clinicIds.includes(q.clinicId) ? { $in: [] } : q.clinicId }
        : clinicIds
          ? { clinicId: { $in: clinicIds } }
          : {}),
    };
    const [orders, total] = await this.em.findAndCount(WorkOrder, where, {
      orderBy: { seq: 'desc' },
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const installments = orders.length
      ? await this.em.find(WorkOrderInstallment, { workOrderId: { $in: orders.map((o) => o.id) } })
      : [];
    return {
      items: orders.map((o) =>
        workOrderView(
          o,
          installments.filter((i) => i.workOrderId === o.id),
        ),
      ),
      total,
      page,
      pageSize,
    };
  }
}
