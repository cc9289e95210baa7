import {
  AccountEvents,
  CallerContext,
  callerMaySeeClinic,
  CommonErrors,
  CreatePhysicianDto,
  DomainError,
  ListByClinicQueryDto,
  ListView,
  PatientErrors,
  PhysicianView,
  UpdatePhysicianCommand,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { Percent } from '@dental/money';
import { FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { KnownClinics } from '@dental/platform';
import { Physician } from './physician.entity';

/**
 * A physician who may treat patients of `clinicId`: another organization's or an invisible one is "not found",
 * one of another clinic of the organization breaks a rule (422).
 */
export async function physicianOfClinic(
  em: EntityManager,
  caller: CallerContext,
  physicianId: string,
  clinicId: string,
): Promise<Physician> {
  const p = await em.findOne(Physician, { id: physicianId, organizationId: caller.organizationId });
  if (!p || !callerMaySeeClinic(caller, p.clinicId))
    throw DomainError.notFound(PatientErrors.PHYSICIAN_NOT_FOUND, 'physician', physicianId);
  if (p.clinicId !== clinicId)
    throw new DomainError(
      'PHYSICIAN.OTHER_CLINIC',
      422,
      `physician ${p.name} works in another clinic than the patient`,
    );
  return p;
}

/** The clinic filter of a list: only clinics the caller may see; a filter on another clinic finds nothing. */
export function clinicFilter(caller: CallerContext, clinicId?: string): FilterQuery<{ clinicId: string }> {
  const visible = caller.clinicIds === '*' ? undefined : caller.clinicIds;
  if (clinicId) return { clinicId: visible && !visible.includes(clinicId) ? { $in: [] } : clinicId };
  return visible ? { clinicId: { $in: visible } } : {};
}

function physicianName(raw: string): string {
  const name = raw.trim();
  if (!name)
    throw new DomainError(CommonErrors.VALIDATION, 400, 'name: name should not be empty', [
      { field: 'name', reasons: ['name should not be empty'] },
    ]);
  return name;
}

const commission = (percent: string | null | undefined) =>
  percent === undefined || percent === null ? null : Percent.parse(percent).scaled.toString();

/** The physician's event, in the transaction of the change (reporting keeps names and commissions from it). */
function publish(em: EntityManager, outbox: Outbox, p: Physician, type: string): PhysicianView {
  const view = p.toView();
  outbox.add(em, { type, organizationId: p.organizationId, clinicId: p.clinicId, payload: view });
  return view;
}

@Injectable()
export class CreatePhysicianHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: KnownClinics,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: CreatePhysicianDto, caller: CallerContext): Promise<PhysicianView> {
    const name = physicianName(cmd.name);
    const clinic = await this.clinics.visible(caller, cmd.clinicId);
    return this.em.transactional(async (em) => {
      if (!clinic.known) await this.clinics.remember(em, clinic);
      const p = em.create(Physician, {
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        name,
        commissionScaled: commission(cmd.commissionPercent),
      });
      return publish(em, this.outbox, p, AccountEvents.physicianCreated);
    });
  }
}

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
      return publish(em, this.outbox, p, AccountEvents.physicianUpdated);
    });
  }
}

@Injectable()
export class ListPhysiciansHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: ListByClinicQueryDto, caller: CallerContext): Promise<ListView<PhysicianView>> {
    const items = await this.em.find(
      Physician,
      { organizationId: caller.organizationId, ...clinicFilter(caller, q.clinicId) } as FilterQuery<Physician>,
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return { items: items.map((p) => p.toView()), total: items.length };
  }
}
