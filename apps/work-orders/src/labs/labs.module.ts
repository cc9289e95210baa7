import { Module } from '@nestjs/common';
import { LabsRpcController } from './labs.rpc.controller';
import { CreateLabHandler } from './create-lab/create-lab.handler';
import { GetLabHandler } from './get-lab/get-lab.handler';
import { ListLabsHandler } from './list-labs/list-labs.handler';
import { UpdateLabHandler } from './update-lab/update-lab.handler';

@Module({
  controllers: [LabsRpcController],
  providers: [CreateLabHandler, UpdateLabHandler, ListLabsHandler, GetLabHandler],
})
export class LabsModule {}
