import { AccountSubjects, CallerContext, ContractIdDto, CreateContractCommand } from '@dental/contracts';
import { IDEMPOTENT, RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { CreateContractHandler } from './create-contract/create-contract.handler';
import { GetContractHandler } from './get-contract/get-contract.handler';

/** NATS transport of the contract use cases. */
@Injectable()
export class ContractsRpcController {
  constructor(
    private readonly create: CreateContractHandler,
    private readonly get: GetContractHandler,
  ) {}

  @RpcHandler(AccountSubjects.createContract, CreateContractCommand, IDEMPOTENT)
  createContract(cmd: CreateContractCommand, caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @RpcHandler(AccountSubjects.getContract, ContractIdDto)
  getContract(q: ContractIdDto, caller: CallerContext) {
    return this.get.execute(q, caller);
  }
}
