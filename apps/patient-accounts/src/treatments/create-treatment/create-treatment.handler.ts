import { CallerContext, CreateTreatmentCommand, TreatmentView } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { closedThrough, refuseClosedDates } from '../../closures/closed-through';
import { clinicCurrency, findPatient } from '../../patients/patient-lookup';
import { physicianOfClinic } from '../../physicians/physician-of-clinic';
import { Amounts, procedureText } from '../treatment-input';
import { auditFields, recordChange } from '../treatment-snapshot';
import { Treatment } from '../treatment.entity';

@Injectable()
export class CreateTreatmentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: CreateTreatmentCommand, caller: CallerContext): Promise<TreatmentView> {
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId, 'share');
      const currency = await clinicCurrency(em, patient.clinicId);
      const amounts = new Amounts(currency);
      const amount = amounts.parse(cmd.amount, 'amount');
      amounts.check();
      await assertPeriodOpen(em, caller.organizationId, patient.clinicId, [cmd.date]);
      refuseClosedDates(await closedThrough(em, patient.id), [cmd.date]);
      if (cmd.physicianId) await physicianOfClinic(em, caller, cmd.physicianId, patient.clinicId);
      const t = em.create(Treatment, {
        organizationId: caller.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        physicianId: cmd.physicianId ?? null,
        procedure: procedureText(cmd.procedure, 'procedure'),
        tooth: cmd.tooth ?? null,
        date: cmd.date,
        currency,
        amountMinor: amount.minor,
      });
      await em.flush(); // the audit row references it
      return recordChange(em, this.outbox, caller, t, 'created', null, auditFields);
    });
  }
}
