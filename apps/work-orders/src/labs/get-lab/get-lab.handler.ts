import { CallerContext, LabView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { findLab } from '../lab-lookup';

@Injectable()
export class GetLabHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(labId: string, caller: CallerContext): Promise<LabView> {
    return (await findLab(this.em, caller, labId)).toView();
  }
}
