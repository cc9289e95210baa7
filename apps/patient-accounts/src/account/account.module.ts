import { Module } from '@nestjs/common';
import { ClinicCalendarModule } from '../clinic-calendar/clinic-calendar.module';
import { AccountBasisHandler } from './account-basis/account-basis.handler';
import { AccountRpcController } from './account.rpc.controller';
import { DistributionBasisHandler } from './distribution-basis/distribution-basis.handler';
import { TreatmentTotalsHandler } from './treatment-totals/treatment-totals.handler';

@Module({
  imports: [ClinicCalendarModule],
  controllers: [AccountRpcController],
  providers: [AccountBasisHandler, DistributionBasisHandler, TreatmentTotalsHandler],
})
export class AccountModule {}
