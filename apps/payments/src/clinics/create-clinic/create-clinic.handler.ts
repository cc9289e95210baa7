import {
  CallerContext,
  ClinicErrors,
  ClinicView,
  CreateClinicCommand,
  DomainError,
  ClinicEventContracts,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clinic } from '../clinic.entity';

@Injectable()
export class CreateClinicHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: CreateClinicCommand, caller: CallerContext): Promise<ClinicView> {
    const timeZone = cmd.timeZone ?? 'UTC';
    if (!DateTime.local().setZone(timeZone).isValid) {
      throw new DomainError(ClinicErrors.INVALID_TIME_ZONE, 400, `timeZone ${timeZone} is not an IANA time zone`);
    }
    return this.em.transactional(async (em) => {
      if (cmd.id) {
        // Idempotent by id: the gateway's first-start bootstrap may retry.
        const existing = await em.findOne(Clinic, { id: cmd.id });
        if (existing) {
          if (existing.organizationId !== caller.organizationId)
            throw new DomainError(ClinicErrors.ID_TAKEN, 409, 'clinic id is taken');
          return existing.toView();
        }
      }
      const clinic = em.create(Clinic, {
        ...(cmd.id ? { id: cmd.id } : {}),
        organizationId: caller.organizationId,
        name: cmd.name,
        currency: cmd.currency,
        timeZone,
        locale: cmd.locale ?? 'en',
      });
      const view = clinic.toView();
      this.outbox.add(em, {
        event: ClinicEventContracts.created,
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        payload: view,
      });
      return view;
    });
  }
}
