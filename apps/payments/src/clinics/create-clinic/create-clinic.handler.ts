import {
  CallerContext,
  callerMaySeeClinic,
  ClinicErrors,
  ClinicEvents,
  ClinicView,
  CreateClinicCommand,
  DomainError,
  SetPaymentSettingsCommand,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { Percent } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clinic } from './clinic.entity';

/** Clinics of the caller's organization that the caller may see; anything else is "not found". */
export async function findVisibleClinic(em: EntityManager, caller: CallerContext, clinicId: string): Promise<Clinic> {
  const clinic = await em.findOne(Clinic, { id: clinicId, organizationId: caller.organizationId });
  if (!clinic || !callerMaySeeClinic(caller, clinic.id))
    throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
  return clinic;
}

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
        type: ClinicEvents.created,
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        payload: view,
      });
      return view;
    });
  }
}

@Injectable()
export class ListClinicsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(caller: CallerContext): Promise<{ items: ClinicView[] }> {
    const clinics = await this.em.find(
      Clinic,
      { organizationId: caller.organizationId, ...(caller.clinicIds === '*' ? {} : { id: { $in: caller.clinicIds } }) },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return { items: clinics.map((c) => c.toView()) };
  }
}

@Injectable()
export class GetClinicHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(clinicId: string, caller: CallerContext): Promise<ClinicView> {
    return (await findVisibleClinic(this.em, caller, clinicId)).toView();
  }
}

@Injectable()
export class SetPaymentSettingsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: SetPaymentSettingsCommand, caller: CallerContext): Promise<ClinicView> {
    return this.em.transactional(async (em) => {
      const clinic = await findVisibleClinic(em, caller, cmd.clinicId);
      const percent = cmd.bankChargePercent === null ? null : Percent.parse(cmd.bankChargePercent);
      clinic.bankChargeScaled = percent === null ? null : percent.scaled.toString();
      const view = clinic.toView();
      this.outbox.add(em, {
        type: ClinicEvents.paymentSettingsChanged,
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        payload: { id: clinic.id, bankChargePercent: view.bankChargePercent },
      });
      return view;
    });
  }
}
