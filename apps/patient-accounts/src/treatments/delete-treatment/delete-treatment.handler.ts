import { CallerContext, correctionOf, DeleteTreatmentCommand, TreatmentView } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { closedThrough, refuseClosedDates } from '../../closures/closed-through';
import { findPatient } from '../../patients/patient-lookup';
import { findTreatment, invoiced, refuseManaged } from '../editable-treatment';
import { auditFields, recordChange } from '../treatment-snapshot';
import { TreatmentPlanItem } from '../treatment.entity';

@Injectable()
export class DeleteTreatmentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /** Marks the treatment deleted (kept for the audit trail); a copied plan item becomes copyable again. */
  async execute(cmd: DeleteTreatmentCommand, caller: CallerContext): Promise<TreatmentView> {
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId, 'share');
      const t = await findTreatment(em, patient, cmd.treatmentId);
      refuseManaged(t);
      refuseClosedDates(await closedThrough(em, patient.id), [t.date]);
      await assertPeriodOpen(em, caller.organizationId, t.clinicId, [t.date]);
      if (t.invoiceId) throw invoiced(t);
      const before = auditFields(t.toView());
      t.deletedAt = new Date();
      t.revision += 1;
      if (t.planItemId) {
        // One live treatment per item (a partial unique index): a deleted copy lets the item be copied again.
        const item = await em.findOneOrFail(TreatmentPlanItem, { id: t.planItemId });
        item.treatmentId = null;
      }
      return recordChange(em, this.outbox, caller, t, 'deleted', before, null, correctionOf(cmd));
    });
  }
}
