import { CallerContext, LabView, rejectNulls, UpdateLabCommand, WorkOrderEventContracts } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { findLab } from '../lab-lookup';
import { labName, mapNameRace, nameIsFree } from '../lab-name';

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
          event: WorkOrderEventContracts.labUpdated,
          organizationId: caller.organizationId,
          payload: lab.toSnapshot(),
        });
        return lab.toView();
      }),
    );
  }
}
