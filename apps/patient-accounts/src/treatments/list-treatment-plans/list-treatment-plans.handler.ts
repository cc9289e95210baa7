import { CallerContext, PatientIdDto, TreatmentPlanView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { findPatient } from '../../patients/patient-lookup';
import { TreatmentPlan, TreatmentPlanItem } from '../treatment.entity';

/** A patient's treatment plans, newest first, each item with the treatment copied from it (null = not yet). */
@Injectable()
export class ListTreatmentPlansHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: PatientIdDto, caller: CallerContext): Promise<{ items: TreatmentPlanView[] }> {
    const em = this.em.fork();
    const patient = await findPatient(em, caller, query.patientId);
    const plans = await em.find(
      TreatmentPlan,
      { patientId: patient.id, organizationId: caller.organizationId },
      { orderBy: { createdAt: 'desc', id: 'asc' } },
    );
    const items = plans.length ? await em.find(TreatmentPlanItem, { planId: { $in: plans.map((p) => p.id) } }) : [];
    return { items: plans.map((plan) => plan.toView(items.filter((i) => i.planId === plan.id))) };
  }
}
