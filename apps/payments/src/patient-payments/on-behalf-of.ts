import {
  CallerContext,
  DomainError,
  ListView,
  PatientAccountSubjects,
  PatientErrors,
  PhysicianView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PatientPaymentsSql } from './patient-payments.sql';

/** The physicianId of received money that is no physician of the patient's clinic. */
export const physicianNotOfClinic = (physicianId: string) =>
  new DomainError(
    PatientErrors.PHYSICIAN_NOT_FOUND,
    404,
    `physicianId: physician ${physicianId} is not a physician of the patient's clinic`,
    [{ field: 'physicianId', reasons: ["is not a physician of the patient's clinic"] }],
  );

/**
 * Received money recorded on behalf of a dentist (Progress Payment "registered" mode, DOMAIN.md D): the physician must
 * be one of the caller's organization in the patient's clinic. Checked against payments' copy of the physicians
 * (`known_physician`, kept from patient-accounts' events); a physician not in the copy yet (its event still on the
 * way, or created before payments kept copies) is looked up in patient-accounts' list of the clinic's physicians, as
 * the caller (its 503 stays a 503: the physician may well exist). An unknown id, another organization's or another
 * clinic's physician are all the same 404 naming `physicianId`.
 */
@Injectable()
export class OnBehalfOf {
  constructor(private readonly rpc: RpcClient) {}

  async requirePhysician(
    em: EntityManager,
    caller: CallerContext,
    physicianId: string,
    clinicId: string,
  ): Promise<void> {
    const [known] = await em.execute<{ organization_id: string; clinic_id: string }[]>(
      PatientPaymentsSql.knownPhysician.text,
      [physicianId],
    );
    if (known) {
      if (known.organization_id !== caller.organizationId || known.clinic_id !== clinicId)
        throw physicianNotOfClinic(physicianId);
      return;
    }
    const list = await this.rpc.request<ListView<PhysicianView>>(
      PatientAccountSubjects.listPhysicians,
      { clinicId },
      caller,
    );
    if (!list.items.some((p) => p.id === physicianId && p.clinicId === clinicId))
      throw physicianNotOfClinic(physicianId);
  }
}
