import { CallerContext, CreatePatientDto, PatientView, AccountEventContracts } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox } from '@dental/messaging';
import { KnownClinics } from '@dental/platform';
import { publish } from '../patient-events';
import { required } from '../patient-fields';
import { findFamily } from '../patient-lookup';
import { Patient } from '../patient.entity';

@Injectable()
export class CreatePatientHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: KnownClinics,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: CreatePatientDto, caller: CallerContext): Promise<PatientView> {
    const firstName = required(cmd.firstName, 'firstName');
    const lastName = required(cmd.lastName, 'lastName');
    const clinic = await this.clinics.visible(caller, cmd.clinicId);
    return this.em.transactional(async (em) => {
      if (cmd.familyId) await findFamily(em, caller, cmd.familyId);
      if (!clinic.known) await this.clinics.remember(em, clinic);
      const p = em.create(Patient, {
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        firstName,
        lastName,
        phone: cmd.phone ?? null,
        email: cmd.email ?? null,
        familyId: cmd.familyId ?? null,
      });
      return publish(em, this.outbox, p, clinic.currency, AccountEventContracts.patientCreated);
    });
  }
}
