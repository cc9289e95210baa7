import { CallerContext, CreateTreatmentPlanCommand, TreatmentPlanView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { clinicCurrency, findPatient } from '../../patients/patient-lookup';
import { physicianOfClinic } from '../../physicians/physician-of-clinic';
import { Amounts, procedureText } from '../treatment-input';
import { TreatmentPlan, TreatmentPlanItem } from '../treatment.entity';

@Injectable()
export class CreateTreatmentPlanHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(cmd: CreateTreatmentPlanCommand, caller: CallerContext): Promise<TreatmentPlanView> {
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId);
      const currency = await clinicCurrency(em, patient.clinicId);
      const amounts = new Amounts(currency);
      const parsed = cmd.items.map((i, index) => amounts.parse(i.amount, `items.${index}.amount`));
      amounts.check();
      for (const i of cmd.items)
        if (i.physicianId) await physicianOfClinic(em, caller, i.physicianId, patient.clinicId);
      const plan = em.create(TreatmentPlan, {
        organizationId: caller.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        currency,
      });
      await em.flush();
      const items = cmd.items.map((i, index) =>
        em.create(TreatmentPlanItem, {
          organizationId: caller.organizationId,
          planId: plan.id,
          position: index + 1,
          physicianId: i.physicianId ?? null,
          procedure: procedureText(i.procedure, `items.${index}.procedure`),
          tooth: i.tooth ?? null,
          amountMinor: parsed[index].minor,
        }),
      );
      return plan.toView(items);
    });
  }
}
