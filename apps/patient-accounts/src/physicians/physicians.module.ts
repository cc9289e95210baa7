import { Module } from '@nestjs/common';
import { KnownClinicsModule } from '@dental/platform';
import { CreatePhysicianHandler, ListPhysiciansHandler, UpdatePhysicianHandler } from './physicians.handlers';
import { PhysiciansRpcController } from './physicians.rpc.controller';

@Module({
  imports: [KnownClinicsModule],
  providers: [PhysiciansRpcController, CreatePhysicianHandler, ListPhysiciansHandler, UpdatePhysicianHandler],
})
export class PhysiciansModule {}
