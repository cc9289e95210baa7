import {
  ClosureView,
  ContractView,
  DistributionBasisView,
  EventEnvelope,
  PatientView,
  PhysicianView,
  TreatmentView,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clinic } from '../clinics/clinic.entity';
import { distributionBasisOf } from './distribution-basis';
import { NeighboursSql } from './neighbours.sql';

/** What payments knows of a patient by itself: its tenancy and money facts. */
export interface KnownPatientFacts {
  id: string;
  organizationId: string;
  clinicId: string;
  currency: string;
  /** the patient's created event was consumed: its treatments, contracts and closures are all followed here */
  complete: boolean;
}

interface PatientRow {
  id: string;
  organization_id: string;
  clinic_id: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  email: string | null;
  family_id: string | null;
  currency: string;
  created_seen: boolean;
}

/**
 * payments' copy of what patient-accounts answers in `distribution-basis` (DistributionBasisHandler), kept from the
 * PATIENT_ACCOUNTS events: patients, physicians' names, treatments, contracts and closures. Used when patient-accounts
 * does not answer, so money can still be taken at the front desk. Every handler applies a snapshot only when it is
 * newer than the one held (treatments by revision, patients and physicians by the event's time, contracts are never
 * changed, a reopened closure stays reopened), so redelivery and any order of arrival give the same rows.
 */
@Injectable()
export class PatientAccountsCopy {
  onPatientCreated(event: EventEnvelope<PatientView>, em: EntityManager): Promise<void> {
    return this.applyPatient(em, event, true);
  }

  onPatientUpdated(event: EventEnvelope<PatientView>, em: EntityManager): Promise<void> {
    return this.applyPatient(em, event, false);
  }

  onPhysicianCreated(event: EventEnvelope<PhysicianView>, em: EntityManager): Promise<void> {
    return this.applyPhysician(em, event);
  }

  onPhysicianUpdated(event: EventEnvelope<PhysicianView>, em: EntityManager): Promise<void> {
    return this.applyPhysician(em, event);
  }

  onTreatmentCreated(event: EventEnvelope<TreatmentView>, em: EntityManager): Promise<void> {
    return this.applyTreatment(em, event);
  }

  onTreatmentUpdated(event: EventEnvelope<TreatmentView>, em: EntityManager): Promise<void> {
    return this.applyTreatment(em, event);
  }

  onTreatmentDeleted(event: EventEnvelope<TreatmentView>, em: EntityManager): Promise<void> {
    return this.applyTreatment(em, event);
  }

  // A contract's patient never changes, and the basis only needs its id: the first copy is the copy.
  async onContractCreated(event: EventEnvelope<ContractView>, em: EntityManager): Promise<void> {
    const c = event.payload;
    await em.execute(NeighboursSql.rememberContract.text, [c.id, event.organizationId, c.patientId, event.occurredAt]);
  }

  async onAccountClosed(event: EventEnvelope<ClosureView>, em: EntityManager): Promise<void> {
    const c = event.payload;
    await em.execute(NeighboursSql.rememberClosure.text, [c.id, event.organizationId, c.patientId, c.date ?? null]);
  }

  // Also the reopened event of a closure that was never stored (patient-accounts' compensation): nothing to undo.
  async onAccountReopened(event: EventEnvelope<ClosureView>, em: EntityManager): Promise<void> {
    const c = event.payload;
    await em.execute(NeighboursSql.rememberReopenedClosure.text, [
      c.id,
      event.organizationId,
      c.patientId,
      c.date ?? null,
    ]);
  }

  /** The patient as far as this copy knows it (any organization: the caller's checks come after); undefined = never seen. */
  async patient(em: EntityManager, patientId: string): Promise<KnownPatientFacts | undefined> {
    const row = await this.patientRow(em, patientId);
    if (!row) return undefined;
    return {
      id: row.id,
      organizationId: row.organization_id,
      clinicId: row.clinic_id,
      currency: await this.currency(em, row),
      complete: row.created_seen,
    };
  }

  /**
   * The distribution basis from this copy, like patient-accounts would answer it as of the events consumed so far;
   * undefined when the patient is not wholly known here (never seen, or created before payments kept copies).
   * Tenancy (organization, visible clinic) is the caller's to check, as for patient-accounts' answer.
   */
  async basis(em: EntityManager, patientId: string): Promise<DistributionBasisView | undefined> {
    const row = await this.patientRow(em, patientId);
    if (!row?.created_seen) return undefined;
    const currency = await this.currency(em, row);
    const patient: PatientView = {
      id: row.id,
      organizationId: row.organization_id,
      clinicId: row.clinic_id,
      firstName: row.first_name,
      lastName: row.last_name,
      phone: row.phone,
      email: row.email,
      familyId: row.family_id,
      currency,
    };
    const org = row.organization_id;
    const [closure] = await em.execute<{ through: string | null }[]>(NeighboursSql.closedThrough.text, [
      patientId,
      org,
    ]);
    const closedThrough = closure?.through ?? null;
    // patient-accounts' order: date, then creation (the treatment's first event here), then id
    const treatments = await em.execute<{ physician_id: string | null; amount_minor: string }[]>(
      NeighboursSql.openTreatments.text,
      [patientId, org, closedThrough, closedThrough],
    );
    const physicianIds = [...new Set(treatments.map((t) => t.physician_id).filter((id): id is string => id !== null))];
    const physicians = physicianIds.length
      ? await em.execute<{ id: string; name: string }[]>(NeighboursSql.physicianNames.text, [
          org,
          JSON.stringify(physicianIds),
        ])
      : [];
    const contracts = await em.execute<{ id: string }[]>(NeighboursSql.contractIds.text, [patientId, org]);
    return distributionBasisOf(
      patient,
      closedThrough,
      treatments.map((t) => ({ physicianId: t.physician_id, amountMinor: BigInt(t.amount_minor) })),
      new Map(physicians.map((p) => [p.id, p.name])),
      contracts.map((c) => c.id),
    );
  }

  private async patientRow(em: EntityManager, patientId: string): Promise<PatientRow | undefined> {
    const [row] = await em.execute<PatientRow[]>(NeighboursSql.knownPatient.text, [patientId]);
    return row;
  }

  /** patient-accounts takes the currency from its copy of payments' clinic: payments' own clinic row is the source. */
  private async currency(em: EntityManager, row: PatientRow): Promise<string> {
    const clinic = await em.findOne(Clinic, { id: row.clinic_id, organizationId: row.organization_id });
    return clinic?.currency ?? row.currency.trim();
  }

  // A patient's organization and clinic never change (an update sets its family); the newest event's fields win.
  private async applyPatient(em: EntityManager, event: EventEnvelope<PatientView>, created: boolean): Promise<void> {
    const p = event.payload;
    await em.execute(NeighboursSql.rememberPatient.text, [
      p.id,
      event.organizationId,
      p.clinicId,
      p.firstName,
      p.lastName,
      p.phone ?? null,
      p.email ?? null,
      p.familyId ?? null,
      p.currency,
      created,
      event.occurredAt,
    ]);
    // a created event arriving after a newer update still tells that the patient's whole history is followed
    if (created) {
      await em.execute(NeighboursSql.markPatientCreatedSeen.text, [p.id, event.organizationId]);
    }
  }

  private async applyPhysician(em: EntityManager, event: EventEnvelope<PhysicianView>): Promise<void> {
    const p = event.payload;
    await em.execute(NeighboursSql.rememberPhysician.text, [
      p.id,
      event.organizationId,
      p.clinicId,
      p.name,
      event.occurredAt,
    ]);
  }

  private async applyTreatment(em: EntityManager, event: EventEnvelope<TreatmentView>): Promise<void> {
    const t = event.payload;
    const amount = Money.parse(t.amount, t.currency);
    await em.execute(NeighboursSql.rememberTreatment.text, [
      t.id,
      event.organizationId,
      t.patientId,
      t.physicianId ?? null,
      t.date,
      amount.minor.toString(),
      t.currency,
      t.deleted === true,
      t.revision,
      event.occurredAt,
    ]);
    // the created event may come after an update: the treatment's place in the order is its earliest event
    await em.execute(NeighboursSql.moveTreatmentFirstSeen.text, [
      event.occurredAt,
      t.id,
      event.organizationId,
      event.occurredAt,
    ]);
  }
}
