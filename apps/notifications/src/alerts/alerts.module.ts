import { Module } from '@nestjs/common';
import { AlertsRpcController } from './alerts.rpc.controller';
import { ClosePaidOffAlerts } from './close-paid-off/close-paid-off-alerts';
import { PaidOffEventHandlers } from './close-paid-off/paid-off.event-handlers';
import { CreateAlertHandler } from './create-alert/create-alert.handler';
import { ListAlertsHandler } from './list-alerts/list-alerts.handler';
import { UpdateAlertHandler } from './update-alert/update-alert.handler';

@Module({
  controllers: [AlertsRpcController, PaidOffEventHandlers],
  providers: [CreateAlertHandler, ListAlertsHandler, UpdateAlertHandler, ClosePaidOffAlerts],
  exports: [ClosePaidOffAlerts],
})
export class AlertsModule {}
