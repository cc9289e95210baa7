import { CallerContext, ClinicView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clinic } from '../clinic.entity';

@Injectable()
export class ListClinicsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(caller: CallerContext): Promise<{ items: ClinicView[] }> {
    const clinics = await this.em.find(
      Clinic,
      { organizationId: caller.organizationId, ...(caller.clinicIds === '*' ? {} : { id: { $in: caller.clinicIds } }) },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return { items: clinics.map((c) => c.toView()) };
  }
}
