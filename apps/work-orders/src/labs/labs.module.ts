import { Module } from '@nestjs/common';
import { LabsRpcController } from './labs.rpc.controller';
import { CreateLabHandler, GetLabHandler, ListLabsHandler, UpdateLabHandler } from './labs.handlers';

@Module({
  controllers: [LabsRpcController],
  providers: [CreateLabHandler, UpdateLabHandler, ListLabsHandler, GetLabHandler],
})
export class LabsModule {}
