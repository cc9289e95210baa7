import {
  CallerContext,
  callerMaySeeClinic,
  DomainError,
  PatientErrors,
  PhysicianView,
  UpdatePhysicianCommand,
  AccountEventContracts,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { publish } from '../physician-events';
import { commission, physicianName } from '../physician-fields';
import { Physician } from '../physician.entity';

@Injectable()
export class UpdatePhysicianHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /** Name and commission; nothing different → no event. */
  async execute(cmd: UpdatePhysicianCommand, caller: CallerContext): Promise<PhysicianView> {
    const name = cmd.name === undefined ? undefined : physicianName(cmd.name);
    return this.em.transactional(async (em) => {
      const p = await em.findOne(
        Physician,
        { id: cmd.physicianId, organizationId: caller.organizationId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!p || !callerMaySeeClinic(caller, p.clinicId))
        throw DomainError.notFound(PatientErrors.PHYSICIAN_NOT_FOUND, 'physician', cmd.physicianId);
      const before = JSON.stringify(p.toView());
      if (name !== undefined) p.name = name;
      if (cmd.commissionPercent !== undefined) p.commissionScaled = commission(cmd.commissionPercent);
      if (JSON.stringify(p.toView()) === before) return p.toView();
      return publish(em, this.outbox, p, AccountEventContracts.physicianUpdated);
    });
  }
}
