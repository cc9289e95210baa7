import { CallerContext, PatientView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { clinicCurrency, findPatient } from '../patient-lookup';

@Injectable()
export class GetPatientHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(patientId: string, caller: CallerContext): Promise<PatientView> {
    const p = await findPatient(this.em, caller, patientId);
    return p.toView(await clinicCurrency(this.em, p.clinicId));
  }
}
