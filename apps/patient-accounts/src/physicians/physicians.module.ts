import { Module } from '@nestjs/common';
import { KnownClinicsModule } from '@dental/platform';
import { CreatePhysicianHandler, ListPhysiciansHandler, UpdatePhysicianHandler } from './physicians.handlers';
import { PhysiciansRpcController } from './physicians.rpc.controller';

@Module({
  imports: [KnownClinicsModule],
  controllers: [PhysiciansRpcController],
  providers: [CreatePhysicianHandler, ListPhysiciansHandler, UpdatePhysicianHandler],
})
export class PhysiciansModule {}
