import { Module } from '@nestjs/common';
import { ClinicCalendarModule } from '../clinic-calendar/clinic-calendar.module';
import { ContractsRpcController } from './contracts.rpc.controller';
import { CreateContractHandler } from './create-contract/create-contract.handler';
import { GetContractHandler } from './get-contract/get-contract.handler';

@Module({
  imports: [ClinicCalendarModule],
  controllers: [ContractsRpcController],
  providers: [CreateContractHandler, GetContractHandler],
})
export class ContractsModule {}
