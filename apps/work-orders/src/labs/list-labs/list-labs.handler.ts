import { CallerContext, LabListView, ListLabsQueryDto } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Lab } from '../lab.entity';

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
