import { Module } from '@nestjs/common';
import { ClinicCalendarModule } from '../clinic-calendar/clinic-calendar.module';
import { CloseAccountHandler } from './close-account/close-account.handler';
import { ClosuresRpcController } from './closures.rpc.controller';
import { UndoLatestClosureHandler } from './undo-latest-closure/undo-latest-closure.handler';

@Module({
  imports: [ClinicCalendarModule],
  controllers: [ClosuresRpcController],
  providers: [CloseAccountHandler, UndoLatestClosureHandler],
})
export class ClosuresModule {}
