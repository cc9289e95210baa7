import { CallerContext, CreateLabDto, LabView, WorkOrderEventContracts } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { labName, mapNameRace, nameIsFree } from '../lab-name';
import { Lab } from '../lab.entity';

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
          event: WorkOrderEventContracts.labCreated,
          organizationId: caller.organizationId,
          payload: lab.toSnapshot(),
        });
        return lab.toView();
      }),
    );
  }
}
