import { AccountBasisView, AccountSubjects, CallerContext, EventEnvelope, TreatmentView } from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TreatmentLinksSql } from './treatment-links.sql';

/** Where a treatment belongs, as work-orders knows it. */
export interface KnownTreatment {
  id: string;
  organizationId: string;
  clinicId: string;
  patientId: string;
  deleted: boolean;
}

/**
 * work-orders' copy of patient-accounts' treatments: where each belongs (organization, clinic, patient) and whether it
 * was deleted, from the PATIENT_ACCOUNTS events. Treatments not copied yet (their event still on the way, or made
 * before work-orders kept this copy) are looked up in the patient's `account-basis` (every treatment of the patient
 * that is not deleted), asked as the caller. Not a cycle: patient-accounts never asks work-orders.
 */
@Injectable()
export class KnownTreatments {
  constructor(private readonly rpc: RpcClient) {}

  onTreatmentCreated(event: EventEnvelope<TreatmentView>, em: EntityManager): Promise<void> {
    return this.remember(em, event.payload, event.organizationId);
  }

  onTreatmentUpdated(event: EventEnvelope<TreatmentView>, em: EntityManager): Promise<void> {
    return this.remember(em, event.payload, event.organizationId);
  }

  onTreatmentDeleted(event: EventEnvelope<TreatmentView>, em: EntityManager): Promise<void> {
    return this.remember(em, { ...event.payload, deleted: true }, event.organizationId);
  }

  async remember(
    em: EntityManager,
    t: Pick<TreatmentView, 'id' | 'clinicId' | 'patientId' | 'deleted' | 'revision'>,
    organizationId: string,
  ): Promise<void> {
    await em.execute(TreatmentLinksSql.rememberTreatment.text, [
      t.id,
      organizationId,
      t.clinicId,
      t.patientId,
      t.deleted === true,
      t.revision,
    ]);
  }

  /** The treatments of `ids` known here (any organization: the caller's checks come after). */
  async known(em: EntityManager, ids: string[]): Promise<Map<string, KnownTreatment>> {
    if (!ids.length) return new Map();
    const rows = await em.execute<
      { id: string; organization_id: string; clinic_id: string; patient_id: string; deleted: boolean }[]
    >(TreatmentLinksSql.knownTreatments.text, [JSON.stringify(ids)]);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          organizationId: r.organization_id,
          clinicId: r.clinic_id,
          patientId: r.patient_id,
          deleted: r.deleted,
        },
      ]),
    );
  }

  /**
   * The patient's treatments that exist, from patient-accounts (its 404 and 503 are answered as they are), and
   * remembered here. Only for ids the copy lacks.
   */
  async ofPatient(em: EntityManager, caller: CallerContext, patientId: string): Promise<KnownTreatment[]> {
    const basis = await this.rpc.request<AccountBasisView>(AccountSubjects.accountBasis, { patientId }, caller);
    const treatments = basis.treatments.filter((t) => t.organizationId === caller.organizationId);
    for (const t of treatments) await this.remember(em, t, caller.organizationId);
    return treatments.map((t) => ({
      id: t.id,
      organizationId: t.organizationId,
      clinicId: t.clinicId,
      patientId: t.patientId,
      deleted: false,
    }));
  }
}
