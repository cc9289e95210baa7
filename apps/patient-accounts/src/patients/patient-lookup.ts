import {
  AccountEvents,
  CallerContext,
  callerMaySeeClinic,
  CommonErrors,
  CreateFamilyDto,
  CreatePatientDto,
  DomainError,
  FamilyView,
  ListPatientsQueryDto,
  PatientErrors,
  PatientListView,
  PatientView,
  rejectNulls,
  SetPatientFamilyCommand,
  UpdatePatientCommand,
} from '@dental/contracts';
import { LockMode, QBFilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox } from '@dental/messaging';
import { KnownClinic, KnownClinics } from '@dental/platform';
import { clinicFilter } from '../physicians/physicians.handlers';
import { Family, Patient } from './patient.entity';

/**
 * A patient of the caller's organization in a clinic the caller may see; anything else is "not found".
 * `lock`: true = FOR UPDATE (closures, invoices); 'share' = FOR SHARE, taken by treatment changes so that a closure
 * waits for them and they wait for it (the closed-through date cannot move under them).
 */
export async function findPatient(
  em: EntityManager,
  caller: CallerContext,
  patientId: string,
  lock: boolean | 'share' = false,
): Promise<Patient> {
  const p = await em.findOne(
    Patient,
    { id: patientId, organizationId: caller.organizationId },
    lock === 'share' ? { lockMode: LockMode.PESSIMISTIC_READ } : lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!p || !callerMaySeeClinic(caller, p.clinicId))
    throw DomainError.notFound(PatientErrors.PATIENT_NOT_FOUND, 'patient', patientId);
  return p;
}

/** The currency of a clinic this service knows (every patient's clinic is known: it was stored with the patient). */
export async function clinicCurrency(em: EntityManager, clinicId: string): Promise<string> {
  return (await em.findOneOrFail(KnownClinic, { id: clinicId })).currency;
}

async function findFamily(em: EntityManager, caller: CallerContext, familyId: string): Promise<Family> {
  const f = await em.findOne(Family, { id: familyId, organizationId: caller.organizationId });
  if (!f) throw DomainError.notFound(PatientErrors.FAMILY_NOT_FOUND, 'family', familyId);
  return f;
}

function required(value: string, field: string): string {
  const v = value.trim();
  if (!v)
    throw new DomainError(CommonErrors.VALIDATION, 400, `${field}: ${field} should not be empty`, [
      { field, reasons: [`${field} should not be empty`] },
    ]);
  return v;
}

/** The patient's event, in the transaction of the change. */
function publish(em: EntityManager, outbox: Outbox, p: Patient, currency: string, type: string): PatientView {
  const view = p.toView(currency);
  outbox.add(em, { type, organizationId: p.organizationId, clinicId: p.clinicId, payload: view });
  return view;
}

@Injectable()
export class CreatePatientHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: KnownClinics,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: CreatePatientDto, caller: CallerContext): Promise<PatientView> {
    const firstName = required(cmd.firstName, 'firstName');
    const lastName = required(cmd.lastName, 'lastName');
    const clinic = await this.clinics.visible(caller, cmd.clinicId);
    return this.em.transactional(async (em) => {
      if (cmd.familyId) await findFamily(em, caller, cmd.familyId);
      if (!clinic.known) await this.clinics.remember(em, clinic);
      const p = em.create(Patient, {
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        firstName,
        lastName,
        phone: cmd.phone ?? null,
        email: cmd.email ?? null,
        familyId: cmd.familyId ?? null,
      });
      return publish(em, this.outbox, p, clinic.currency, AccountEvents.patientCreated);
    });
  }
}

/** A contact field as stored: null for null, absent-as-null or blank (a blank phone clears it). */
const contact = (value: string | null | undefined): string | null => value?.trim() || null;

@Injectable()
export class UpdatePatientHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Changes what was sent, the patient's row locked (FOR UPDATE) so concurrent edits apply one after the other; the
   * search text is a generated column (Migration20261122230000_patient_search) and follows by itself. Nothing
   * different: the patient as it is, no event.
   */
  async execute(cmd: UpdatePatientCommand, caller: CallerContext): Promise<PatientView> {
    rejectNulls(cmd, ['firstName', 'lastName']);
    const change: Partial<Pick<Patient, 'firstName' | 'lastName' | 'phone' | 'email'>> = {};
    if (cmd.firstName !== undefined) change.firstName = required(cmd.firstName, 'firstName');
    if (cmd.lastName !== undefined) change.lastName = required(cmd.lastName, 'lastName');
    if (cmd.phone !== undefined) change.phone = contact(cmd.phone);
    if (cmd.email !== undefined) change.email = contact(cmd.email);
    return this.em.transactional(async (em) => {
      const p = await findPatient(em, caller, cmd.patientId, true);
      const currency = await clinicCurrency(em, p.clinicId);
      const changed = (Object.keys(change) as (keyof typeof change)[]).filter((k) => p[k] !== change[k]);
      if (changed.length === 0) return p.toView(currency);
      Object.assign(p, change);
      return publish(em, this.outbox, p, currency, AccountEvents.patientUpdated);
    });
  }
}

/** `q` words as LIKE patterns: each must appear in the patient's search text (folded the same way in SQL). */
function searchWords(q: string | undefined): string[] {
  return (q ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .slice(0, 10)
    .map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

@Injectable()
export class ListPatientsHandler {
  constructor(private readonly em: EntityManager) {}

  /** One page, by last name, first name, id; only clinics the caller may see (another clinic's filter finds none). */
  async execute(q: ListPatientsQueryDto, caller: CallerContext): Promise<PatientListView> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const qb = this.em.createQueryBuilder(Patient, 'p').where({
      organizationId: caller.organizationId,
      ...clinicFilter(caller, q.clinicId),
      ...(q.familyId ? { familyId: q.familyId } : {}),
    } as QBFilterQuery<Patient>);
    // search_text and patient_search_fold: Migration20261122230000_patient_search (case and accents folded)
    for (const word of searchWords(q.q)) qb.andWhere('p.search_text like patient_search_fold(?)', [word]);
    const [patients, total] = await qb
      .orderBy({ lastName: 'asc', firstName: 'asc', id: 'asc' })
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .getResultAndCount();
    const clinics = patients.length
      ? await this.em.find(KnownClinic, { id: { $in: [...new Set(patients.map((p) => p.clinicId))] } })
      : [];
    const currency = new Map(clinics.map((c) => [c.id, c.currency]));
    return { items: patients.map((p) => p.toView(currency.get(p.clinicId) ?? '')), total, page, pageSize };
  }
}

@Injectable()
export class GetPatientHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(patientId: string, caller: CallerContext): Promise<PatientView> {
    const p = await findPatient(this.em, caller, patientId);
    return p.toView(await clinicCurrency(this.em, p.clinicId));
  }
}

@Injectable()
export class CreateFamilyHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(cmd: CreateFamilyDto, caller: CallerContext): Promise<FamilyView> {
    const name = required(cmd.name, 'name');
    return this.em.transactional(async (em) =>
      em.create(Family, { organizationId: caller.organizationId, name }).toView(),
    );
  }
}

@Injectable()
export class SetPatientFamilyHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: SetPatientFamilyCommand, caller: CallerContext): Promise<PatientView> {
    return this.em.transactional(async (em) => {
      const p = await findPatient(em, caller, cmd.patientId, true);
      if (cmd.familyId !== null) await findFamily(em, caller, cmd.familyId);
      const currency = await clinicCurrency(em, p.clinicId);
      if (p.familyId === cmd.familyId) return p.toView(currency);
      p.familyId = cmd.familyId;
      return publish(em, this.outbox, p, currency, AccountEvents.patientUpdated);
    });
  }
}
