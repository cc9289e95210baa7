import { AccountSubjects, CallerContext, ContractIdDto, CreateContractCommand } from '@dental/contracts';
import { BusController, Caller, IDEMPOTENT } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateContractHandler } from './create-contract/create-contract.handler';
import { GetContractHandler } from './get-contract/get-contract.handler';

/** NATS transport of the contract use cases. */
@BusController()
export class ContractsRpcController {
  constructor(
    private readonly create: CreateContractHandler,
    private readonly get: GetContractHandler,
  ) {}

  @MessagePattern(AccountSubjects.createContract, IDEMPOTENT)
  createContract(@Payload() cmd: CreateContractCommand, @Caller() caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @MessagePattern(AccountSubjects.getContract)
  getContract(@Payload() q: ContractIdDto, @Caller() caller: CallerContext) {
    return this.get.execute(q, caller);
  }
}
