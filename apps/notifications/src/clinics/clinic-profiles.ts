import {
  CallerContext,
  callerMaySeeClinic,
  ClinicCreatedV1,
  ClinicErrors,
  ClinicSubjects,
  ClinicView,
  DomainError,
  EventEnvelope,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicProfile } from './clinic-profile.entity';
import { ClinicsSql } from './clinics.sql';

function rememberParams(c: ClinicView): unknown[] {
  return [c.id, c.organizationId, c.name, c.currency, c.timeZone || 'UTC', c.locale || 'en'];
}

/**
 * The clinics of `payments` with what reminders need (time zone, locale, currency). Learnt from
 * `payments.clinic.created`; a clinic whose event has not arrived yet is asked from payments as the caller.
 */
@Injectable()
export class ClinicProfiles {
  constructor(private readonly rpc: RpcClient) {}

  /** The clinic if it is the caller's organization's and the caller may see it; 404 otherwise. */
  async visible(em: EntityManager, caller: CallerContext, clinicId: string): Promise<ClinicProfile> {
    if (!callerMaySeeClinic(caller, clinicId)) throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
    let profile = await em.findOne(ClinicProfile, { id: clinicId });
    if (!profile) {
      const view = await this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId }, caller);
      await em.getConnection().execute(ClinicsSql.rememberClinic.text, rememberParams(view));
      profile = await em.findOneOrFail(ClinicProfile, { id: clinicId });
    }
    if (profile.organizationId !== caller.organizationId)
      throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
    return profile;
  }

  // A clinic's organization, currency, time zone and locale never change: a late or repeated event adds nothing.
  async onClinicCreated(event: EventEnvelope<ClinicCreatedV1>, em: EntityManager): Promise<void> {
    await em.execute(ClinicsSql.rememberClinic.text, rememberParams(event.payload));
  }
}
