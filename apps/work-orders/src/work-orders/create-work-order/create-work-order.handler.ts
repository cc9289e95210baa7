import {
  CallerContext,
  CreateWorkOrderDto,
  DomainError,
  rejectNulls,
  WorkOrderView,
  WorkOrderEventContracts,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { KnownClinics } from '@dental/platform';
import { findLab } from '../../labs/lab-lookup';
import { KnownPatients } from '../../patients/known-patients';
import { buildPaymentPlan } from '../payment-plan';
import { workOrderNumber, workOrderView } from '../work-order-view';
import { WorkOrder, WorkOrderAudit, WorkOrderInstallment } from '../work-order.entity';
import { WorkOrdersSql } from '../work-orders.sql';

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
      const [{ last_number }] = await em.execute<{ last_number: string }[]>(WorkOrdersSql.nextNumber.text, [
        caller.organizationId,
      ]);
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
      return this.outbox.recordChange(em, {
        snapshot: workOrderView(wo, installments),
        audit: (view) => {
          const { id: _id, organizationId: _org, revision: _rev, createdAt: _at, ...created } = view;
          return em.create(WorkOrderAudit, {
            organizationId: caller.organizationId,
            workOrderId: wo.id,
            action: 'created',
            userId: caller.userId,
            before: null,
            after: created,
          });
        },
        event: {
          event: WorkOrderEventContracts.workOrderCreated,
          organizationId: caller.organizationId,
          clinicId: wo.clinicId,
        },
      }).snapshot;
    });
  }
}
