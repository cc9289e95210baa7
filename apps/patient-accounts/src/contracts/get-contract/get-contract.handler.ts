import { AccountErrors, CallerContext, ContractIdDto, ContractView, DomainError } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { findPatient } from '../../patients/patient-lookup';
import { Contract } from '../contract.entity';

@Injectable()
export class GetContractHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: ContractIdDto, caller: CallerContext): Promise<ContractView> {
    const patient = await findPatient(this.em, caller, q.patientId);
    const contract = await this.em.findOne(Contract, { id: q.contractId, patientId: patient.id });
    if (!contract)
      throw new DomainError(AccountErrors.CONTRACT_NOT_FOUND, 404, `contract ${q.contractId} was not found`);
    return contract.toView();
  }
}
