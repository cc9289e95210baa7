import { CallerContext, correctionOf, rejectNulls, TreatmentView, UpdateTreatmentCommand } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { closedThrough, refuseClosedDates } from '../../closures/closed-through';
import { findPatient } from '../../patients/patient-lookup';
import { physicianOfClinic } from '../../physicians/physician-of-clinic';
import { findTreatment, invoiced, refuseManaged } from '../editable-treatment';
import { Amounts, procedureText } from '../treatment-input';
import { auditFields, pickFields, recordChange } from '../treatment-snapshot';

@Injectable()
export class UpdateTreatmentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: UpdateTreatmentCommand, caller: CallerContext): Promise<TreatmentView> {
    rejectNulls(cmd, ['procedure', 'date', 'amount']);
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId, 'share');
      const t = await findTreatment(em, patient, cmd.treatmentId);
      const amounts = new Amounts(t.currency);
      const amount = cmd.amount === undefined ? undefined : amounts.parse(cmd.amount, 'amount');
      amounts.check();
      refuseManaged(t);
      refuseClosedDates(await closedThrough(em, patient.id), cmd.date ? [t.date, cmd.date] : [t.date]);
      await assertPeriodOpen(em, caller.organizationId, t.clinicId, [t.date, cmd.date]);
      if (t.invoiceId) throw invoiced(t);
      if (cmd.physicianId) await physicianOfClinic(em, caller, cmd.physicianId, t.clinicId);
      const before = auditFields(t.toView());
      if (cmd.physicianId !== undefined) t.physicianId = cmd.physicianId;
      if (cmd.procedure !== undefined) t.procedure = procedureText(cmd.procedure, 'procedure');
      if (cmd.tooth !== undefined) t.tooth = cmd.tooth;
      if (cmd.date !== undefined) t.date = cmd.date;
      if (amount) t.amountMinor = amount.minor;
      const after = auditFields(t.toView());
      const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
      // Nothing changed: no new revision, no audit entry, no event.
      if (!changed.length) return t.toView();
      t.revision += 1;
      return recordChange(
        em,
        this.outbox,
        caller,
        t,
        'updated',
        Object.fromEntries(changed.map((k) => [k, before[k]])),
        (view) => pickFields(auditFields(view), changed),
        correctionOf(cmd),
      );
    });
  }
}
