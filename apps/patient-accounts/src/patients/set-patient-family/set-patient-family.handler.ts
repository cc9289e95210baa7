import { CallerContext, PatientView, SetPatientFamilyCommand, AccountEventContracts } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox } from '@dental/messaging';
import { publish } from '../patient-events';
import { clinicCurrency, findFamily, findPatient } from '../patient-lookup';

@Injectable()
export class SetPatientFamilyHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: SetPatientFamilyCommand, caller: CallerContext): Promise<PatientView> {
    return this.em.transactional(async (em) => {
      const p = await findPatient(em, caller, cmd.patientId, true);
      if (cmd.familyId !== null) await findFamily(em, caller, cmd.familyId);
      const currency = await clinicCurrency(em, p.clinicId);
      if (p.familyId === cmd.familyId) return p.toView(currency);
      p.familyId = cmd.familyId;
      return publish(em, this.outbox, p, currency, AccountEventContracts.patientUpdated);
    });
  }
}
