import {
  CallerContext,
  CreateAlertCommand,
  ListAlertsQueryDto,
  NotificationSubjects,
  UpdateAlertCommand,
} from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateAlertHandler } from './create-alert/create-alert.handler';
import { ListAlertsHandler } from './list-alerts/list-alerts.handler';
import { UpdateAlertHandler } from './update-alert/update-alert.handler';

@BusController()
export class AlertsRpcController {
  constructor(
    private readonly createAlert: CreateAlertHandler,
    private readonly listAlerts: ListAlertsHandler,
    private readonly updateAlert: UpdateAlertHandler,
  ) {}

  @MessagePattern(NotificationSubjects.createAlert)
  create(@Payload() cmd: CreateAlertCommand, @Caller() caller: CallerContext) {
    return this.createAlert.execute(cmd, caller);
  }

  @MessagePattern(NotificationSubjects.listAlerts)
  list(@Payload() q: ListAlertsQueryDto, @Caller() caller: CallerContext) {
    return this.listAlerts.execute(q, caller);
  }

  @MessagePattern(NotificationSubjects.updateAlert)
  update(@Payload() cmd: UpdateAlertCommand, @Caller() caller: CallerContext) {
    return this.updateAlert.execute(cmd, caller);
  }
}
