import { CallerContext, ClinicView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { findVisibleClinic } from '../visible-clinic';

@Injectable()
export class GetClinicHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(clinicId: string, caller: CallerContext): Promise<ClinicView> {
    return (await findVisibleClinic(this.em, caller, clinicId)).toView();
  }
}
