import {
  CallerContext,
  callerMaySeeClinic,
  CreateWorkOrderDto,
  DomainError,
  ListWorkOrdersQueryDto,
  rejectNulls,
  UpdateWorkOrderCommand,
  WorkOrderErrors,
  WorkOrderEvents,
  WorkOrderListView,
  WorkOrderView,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { FilterQuery, LockMode } from '@mikro-orm/core';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { KnownClinics } from '@dental/platform';
import { findLab } from '../labs/labs.handlers';
import { KnownPatients } from '../patients/known-patients';
import { buildPaymentPlan } from './payment-plan';
import { WorkOrder, WorkOrderAudit, WorkOrderInstallment } from './work-order.entity';
import { auditView, workOrderNumber, workOrderView } from './work-order-view';

/** A work order of the caller's organization in a clinic the caller may see; anything else is "not found". */
async function findWorkOrder(
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

const installmentsOf = (em: EntityManager, wo: WorkOrder) =>
  em.find(WorkOrderInstallment, { workOrderId: wo.id }, { orderBy: { number: 'asc' } });

// The organization's counter row: the update locks it until this transaction ends, so numbers never repeat, and
// a transaction that rolls back gives its number back.
const NEXT_NUMBER = `insert into work_order_counter (organization_id, last_number) values (?, 1)
  on conflict (organization_id) do update set last_number = work_order_counter.last_number + 1
  returning last_number`;

@Injectable()
export class CreateWorkOrderHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly clinics: KnownClinics,
    private readonly patients: KnownPatients,
  ) {}

  async execute(cmd: CreateWorkOrderDto, caller: CallerContext): Promise<WorkOrderView> {
    // Asked before the transaction: no lock is held while `payments` (or `patient-accounts`) answers.
    const clinic = await this.clinics.visible(caller, cmd.clinicId);
    // the lab case's patient is one of this organization and clinic (DOMAIN.md A), never a random or foreign id
    rejectNulls(cmd, ['patientId']);
    if (cmd.patientId !== undefined) await this.patients.requireInClinic(this.em, caller, cmd.patientId, clinic.id);
    const plan = buildPaymentPlan(cmd.paymentPlan, clinic.currency);
    return this.em.transactional(async (em) => {
      const lab = await findLab(em, caller, cmd.labId);
      if (!lab.active)
        throw new DomainError(
          'WORK_ORDER.LAB_INACTIVE',
          422,
          `lab ${lab.name} is inactive: activate it before ordering from it`,
        );
      if (!clinic.known) await this.clinics.remember(em, clinic);
      await assertPeriodOpen(em, caller.organizationId, clinic.id, [cmd.documentedDate]);
      const [{ last_number }] = await em.execute<{ last_number: string }[]>(NEXT_NUMBER, [caller.organizationId]);
      const seq = BigInt(last_number);
      const wo = em.create(WorkOrder, {
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        labId: lab.id,
        patientId: cmd.patientId ?? null,
        seq: seq.toString(),
        number: workOrderNumber(seq),
        description: cmd.description,
        documentedDate: cmd.documentedDate,
        status: 'draft',
        currency: clinic.currency,
        totalMinor: plan.total.minor.toString(),
        paymentMethod: plan.paymentMethod,
      });
      await em.flush(); // installments and audit reference the row
      const installments = plan.installments.map((i) =>
        em.create(WorkOrderInstallment, {
          organizationId: caller.organizationId,
          workOrderId: wo.id,
          number: i.number,
          dueDate: i.dueDate,
          amountMinor: i.amount.minor.toString(),
        }),
      );
      const view = workOrderView(wo, installments);
      const { id: _id, organizationId: _org, revision: _rev, createdAt: _at, ...created } = view;
      em.create(WorkOrderAudit, {
        organizationId: caller.organizationId,
        workOrderId: wo.id,
        action: 'created',
        userId: caller.userId,
        before: null,
        after: created,
      });
      this.outbox.add(em, {
        type: WorkOrderEvents.workOrderCreated,
        organizationId: caller.organizationId,
        clinicId: wo.clinicId,
        payload: view,
      });
      return view;
    });
  }
}

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
      em.create(WorkOrderAudit, {
        organizationId: caller.organizationId,
        workOrderId: wo.id,
        action: 'updated',
        userId: caller.userId,
        before,
        after,
      });
      const view = workOrderView(wo, installments);
      this.outbox.add(em, {
        type: WorkOrderEvents.workOrderUpdated,
        organizationId: caller.organizationId,
        clinicId: wo.clinicId,
        payload: view,
      });
      return view;
    });
  }
}

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
