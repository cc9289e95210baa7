import { Module } from '@nestjs/common';
import { AuditTrail } from '../../audit-trail/audit-trail';
import { ProgressSettingsRpcController } from './progress-settings.rpc.controller';
import { GetProgressSettingsHandler } from './get-progress-settings.handler';
import { SetProgressSettingsHandler } from './set-progress-settings.handler';

/** A clinic's progress-payment mode and cost percentage (DOMAIN.md D), announced to reporting. */
@Module({
  controllers: [ProgressSettingsRpcController],
  providers: [SetProgressSettingsHandler, GetProgressSettingsHandler, AuditTrail],
})
export class ProgressSettingsModule {}
