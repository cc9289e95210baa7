import {
  CallerContext,
  DomainError,
  EventEnvelope,
  PatientAccountSubjects,
  PatientErrors,
  PatientView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PatientsSql } from './patients.sql';

/** What work-orders knows of a patient: where it belongs. Neither ever changes for a patient. */
export interface KnownPatient {
  id: string;
  organizationId: string;
  clinicId: string;
}

/** The patientId of a work order that is no patient of the work order's organization and clinic. */
export const patientNotFound = (patientId: string) =>
  new DomainError(
    PatientErrors.PATIENT_NOT_FOUND,
    404,
    `patientId: patient ${patientId} was not found in this clinic`,
    [{ field: 'patientId', reasons: ['is not a patient of this clinic'] }],
  );

/**
 * work-orders' copy of the patients, kept from the PATIENT_ACCOUNTS events; a patient not known here yet (its event
 * still on the way) is asked of patient-accounts (`get-patient`), which answers 404 for an unknown, another
 * organization's or an invisible clinic's patient (503 when it is down). Not a cycle: patient-accounts never asks
 * work-orders.
 */
@Injectable()
export class KnownPatients {
  constructor(private readonly rpc: RpcClient) {}

  onPatientCreated(event: EventEnvelope<PatientView>, em: EntityManager): Promise<void> {
    return this.remember(em, event.payload, event.organizationId);
  }

  onPatientUpdated(event: EventEnvelope<PatientView>, em: EntityManager): Promise<void> {
    return this.remember(em, event.payload, event.organizationId);
  }

  async remember(em: EntityManager, p: Pick<PatientView, 'id' | 'clinicId'>, organizationId: string): Promise<void> {
    await em.execute(PatientsSql.rememberPatient.text, [p.id, organizationId, p.clinicId]);
  }

  /**
   * The work order's patient: one of the caller's organization in the work order's clinic, else a 404 naming
   * `patientId` (a random id, another organization's or another clinic's patient are all "not found").
   */
  async requireInClinic(
    em: EntityManager,
    caller: CallerContext,
    patientId: string,
    clinicId: string,
  ): Promise<KnownPatient> {
    let patient = await this.known(em, patientId);
    if (!patient) {
      const view = await this.rpc
        .request<PatientView>(PatientAccountSubjects.getPatient, { patientId }, caller)
        .catch((e: unknown) => {
          if (e instanceof DomainError && e.status === 404) throw patientNotFound(patientId);
          throw e;
        });
      patient = { id: view.id, organizationId: view.organizationId, clinicId: view.clinicId };
      if (patient.organizationId === caller.organizationId) await this.remember(em, view, patient.organizationId);
    }
    if (patient.organizationId !== caller.organizationId || patient.clinicId !== clinicId)
      throw patientNotFound(patientId);
    return patient;
  }

  private async known(em: EntityManager, patientId: string): Promise<KnownPatient | undefined> {
    const [row] = await em.execute<{ id: string; organization_id: string; clinic_id: string }[]>(
      PatientsSql.knownPatient.text,
      [patientId],
    );
    return row && { id: row.id, organizationId: row.organization_id, clinicId: row.clinic_id };
  }
}
