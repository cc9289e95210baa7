import { CallerContext, ListByClinicQueryDto, ListView, PhysicianView } from '@dental/contracts';
import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { clinicFilter } from '../clinic-filter';
import { Physician } from '../physician.entity';

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
