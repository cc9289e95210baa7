import { CallerContext, CreateFamilyDto, FamilyView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { required } from '../patient-fields';
import { Family } from '../patient.entity';

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
