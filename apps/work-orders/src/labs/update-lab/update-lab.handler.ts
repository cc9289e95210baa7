import {
  CallerContext,
  CommonErrors,
  CreateLabDto,
  DomainError,
  LabListView,
  LabView,
  ListLabsQueryDto,
  rejectNulls,
  UpdateLabCommand,
  WorkOrderErrors,
  WorkOrderEvents,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Lab } from './lab.entity';

/** A lab of the caller's organization; another organization's lab is "not found". */
export async function findLab(em: EntityManager, caller: CallerContext, labId: string, lock = false): Promise<Lab> {
  const lab = await em.findOne(
    Lab,
    { id: labId, organizationId: caller.organizationId },
    lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!lab) throw DomainError.notFound(WorkOrderErrors.LAB_NOT_FOUND, 'lab', labId);
  return lab;
}

async function nameIsFree(em: EntityManager, caller: CallerContext, name: string, exceptId?: string): Promise<void> {
  const [{ taken }] = await em.execute<{ taken: boolean }[]>(
    'select exists (select 1 from lab where organization_id = ? and lower(name) = lower(?) and id <> ?) as taken',
    [caller.organizationId, name, exceptId ?? '00000000-0000-0000-0000-000000000000'],
  );
  if (taken) throw nameTaken(name);
}

/** A lab's name without surrounding blanks; only blanks is as bad as nothing. */
function labName(raw: string): string {
  const name = raw.trim();
  if (!name)
    throw new DomainError(CommonErrors.VALIDATION, 400, 'name: name should not be empty', [
      { field: 'name', reasons: ['name should not be empty'] },
    ]);
  return name;
}

const nameTaken = (name: string) =>
  new DomainError(WorkOrderErrors.LAB_NAME_TAKEN, 409, `a lab named "${name}" exists in this organization`);

/** Two requests racing for one name: the unique index answers, and it is the same 409. */
async function mapNameRace<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException) throw nameTaken(name);
    throw e;
  }
}

@Injectable()
export class CreateLabHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  execute(cmd: CreateLabDto, caller: CallerContext): Promise<LabView> {
    const name = labName(cmd.name);
    return mapNameRace(name, () =>
      this.em.transactional(async (em) => {
        await nameIsFree(em, caller, name);
        const lab = em.create(Lab, {
          organizationId: caller.organizationId,
          name,
          email: cmd.email ?? null,
          phone: cmd.phone ?? null,
        });
        this.outbox.add(em, {
          type: WorkOrderEvents.labCreated,
          organizationId: caller.organizationId,
          payload: lab.toSnapshot(),
        });
        return lab.toView();
      }),
    );
  }
}

@Injectable()
export class UpdateLabHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  execute(cmd: UpdateLabCommand, caller: CallerContext): Promise<LabView> {
    rejectNulls(cmd, ['name', 'active']);
    const name = cmd.name === undefined ? undefined : labName(cmd.name);
    return mapNameRace(name ?? '', () =>
      this.em.transactional(async (em) => {
        const lab = await findLab(em, caller, cmd.labId, true);
        const next = {
          name: name ?? lab.name,
          email: cmd.email === undefined ? lab.email : cmd.email,
          phone: cmd.phone === undefined ? lab.phone : cmd.phone,
          active: cmd.active ?? lab.active,
        };
        const changed =
          next.name !== lab.name || next.email !== lab.email || next.phone !== lab.phone || next.active !== lab.active;
        // Nothing changed: no new revision, no event.
        if (!changed) return lab.toView();
        if (next.name.toLowerCase() !== lab.name.toLowerCase()) await nameIsFree(em, caller, next.name, lab.id);
        Object.assign(lab, next);
        lab.revision += 1;
        this.outbox.add(em, {
          type: WorkOrderEvents.labUpdated,
          organizationId: caller.organizationId,
          payload: lab.toSnapshot(),
        });
        return lab.toView();
      }),
    );
  }
}

@Injectable()
export class ListLabsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(query: ListLabsQueryDto, caller: CallerContext): Promise<LabListView> {
    const labs = await this.em.find(
      Lab,
      { organizationId: caller.organizationId, ...(query.active == null ? {} : { active: query.active }) },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return { items: labs.map((l) => l.toView()), total: labs.length };
  }
}

@Injectable()
export class GetLabHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(labId: string, caller: CallerContext): Promise<LabView> {
    return (await findLab(this.em, caller, labId)).toView();
  }
}
