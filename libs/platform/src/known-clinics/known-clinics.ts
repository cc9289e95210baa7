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
import { KnownClinic } from './known-clinic.entity';

export interface ClinicFacts {
  id: string;
  organizationId: string;
  currency: string;
}

const REMEMBER_CLINIC =
  'insert into clinic (id, organization_id, currency) values (?, ?, ?) on conflict (id) do nothing';

/**
 * The clinics of `payments`, as far as a service needs them (work orders, patient accounts). Normally learnt from `payments.clinic.created`; when a
 * request names a clinic whose event has not arrived yet, `payments` is asked (as the caller, so it applies the
 * caller's visibility) and the answer is remembered in the caller's transaction.
 */
@Injectable()
export class KnownClinics {
  constructor(
    private readonly em: EntityManager,
    private readonly rpc: RpcClient,
  ) {}

  /** The clinic if it is the caller's organization's and the caller may see it; 404 otherwise. */
  async visible(caller: CallerContext, clinicId: string): Promise<ClinicFacts & { known: boolean }> {
    if (!callerMaySeeClinic(caller, clinicId)) throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
    const local = await this.em.findOne(KnownClinic, { id: clinicId });
    if (local) {
      if (local.organizationId !== caller.organizationId)
        throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
      return { id: local.id, organizationId: local.organizationId, currency: local.currency, known: true };
    }
    const view = await this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId }, caller);
    if (view.organizationId !== caller.organizationId)
      throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
    return { id: view.id, organizationId: view.organizationId, currency: view.currency, known: false };
  }

  /** Keeps a clinic learnt by asking; a later `payments.clinic.created` then changes nothing. */
  async remember(em: EntityManager, clinic: ClinicFacts): Promise<void> {
    await em.execute(REMEMBER_CLINIC, [clinic.id, clinic.organizationId, clinic.currency]);
  }

  // A clinic's id, organization and currency never change: a redelivered or late event inserts nothing new.
  async onClinicCreated(event: EventEnvelope<ClinicCreatedV1>, em: EntityManager): Promise<void> {
    const c = event.payload;
    await em.execute(REMEMBER_CLINIC, [c.id, c.organizationId, c.currency]);
  }
}
