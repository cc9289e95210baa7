import { CallerContext, CreatePhysicianDto, PhysicianView, AccountEventContracts } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { KnownClinics } from '@dental/platform';
import { publish } from '../physician-events';
import { commission, physicianName } from '../physician-fields';
import { Physician } from '../physician.entity';

@Injectable()
export class CreatePhysicianHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: KnownClinics,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: CreatePhysicianDto, caller: CallerContext): Promise<PhysicianView> {
    const name = physicianName(cmd.name);
    const clinic = await this.clinics.visible(caller, cmd.clinicId);
    return this.em.transactional(async (em) => {
      if (!clinic.known) await this.clinics.remember(em, clinic);
      const p = em.create(Physician, {
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        name,
        commissionScaled: commission(cmd.commissionPercent),
      });
      return publish(em, this.outbox, p, AccountEventContracts.physicianCreated);
    });
  }
}
