import { Module } from '@nestjs/common';
import { KnownClinicsModule } from '@dental/platform';
import { CreatePhysicianHandler } from './create-physician/create-physician.handler';
import { ListPhysiciansHandler } from './list-physicians/list-physicians.handler';
import { UpdatePhysicianHandler } from './update-physician/update-physician.handler';
import { PhysiciansRpcController } from './physicians.rpc.controller';

@Module({
  imports: [KnownClinicsModule],
  controllers: [PhysiciansRpcController],
  providers: [CreatePhysicianHandler, ListPhysiciansHandler, UpdatePhysicianHandler],
})
export class PhysiciansModule {}
