import {
  AccountErrors,
  CallerContext,
  CopyPlanToTreatmentsCommand,
  DomainError,
  PatientAccountErrors,
  PatientErrors,
  TreatmentView,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { LockMode } from '@mikro-orm/core';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { closedThrough, refuseClosedDates } from '../../closures/closed-through';
import { findPatient } from '../../patients/patient-lookup';
import { auditFields, recordChange } from '../treatment-snapshot';
import { Treatment, TreatmentPlan, TreatmentPlanItem } from '../treatment.entity';

@Injectable()
export class CopyPlanToTreatmentsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /** Performed treatments from plan items (all not yet copied when `itemIds` is absent), flagged copied. */
  async execute(cmd: CopyPlanToTreatmentsCommand, caller: CallerContext): Promise<TreatmentView[]> {
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId, 'share');
      refuseClosedDates(await closedThrough(em, patient.id), [cmd.date]);
      const plan = await em.findOne(TreatmentPlan, {
        id: cmd.planId,
        patientId: patient.id,
        organizationId: caller.organizationId,
      });
      if (!plan) throw DomainError.notFound(AccountErrors.PLAN_NOT_FOUND, 'treatment plan', cmd.planId);
      const items = await em.find(
        TreatmentPlanItem,
        { planId: plan.id },
        { orderBy: { position: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      let chosen: TreatmentPlanItem[];
      if (cmd.itemIds) {
        const ids = [...new Set(cmd.itemIds)];
        const unknown = ids.filter((id) => !items.some((i) => i.id === id));
        if (unknown.length)
          throw DomainError.notFound(PatientErrors.PLAN_ITEM_NOT_FOUND, 'treatment plan item', unknown.join(', '));
        chosen = items.filter((i) => ids.includes(i.id));
        const copied = chosen.filter((i) => i.treatmentId !== null);
        if (copied.length)
          throw new DomainError(
            PatientAccountErrors.PLAN_ITEM_COPIED,
            409,
            `plan item(s) ${copied.map((i) => i.id).join(', ')} were already copied to treatments`,
            { itemIds: copied.map((i) => i.id) },
          );
      } else {
        chosen = items.filter((i) => i.treatmentId === null);
        if (!chosen.length)
          throw new DomainError(
            PatientAccountErrors.PLAN_ITEM_COPIED,
            409,
            `every item of plan ${plan.id} was already copied to treatments`,
          );
      }
      await assertPeriodOpen(em, caller.organizationId, plan.clinicId, [cmd.date]);
      const treatments = chosen.map((item) => {
        const t = em.create(Treatment, {
          organizationId: caller.organizationId,
          clinicId: plan.clinicId,
          patientId: patient.id,
          physicianId: item.physicianId,
          procedure: item.procedure,
          tooth: item.tooth,
          date: cmd.date,
          currency: plan.currency,
          amountMinor: item.amountMinor,
          planItemId: item.id,
        });
        item.treatmentId = t.id;
        return t;
      });
      await em.flush();
      return treatments.map((t) => recordChange(em, this.outbox, caller, t, 'created', null, auditFields));
    });
  }
}
