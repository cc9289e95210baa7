import {
  CallerContext,
  CreateAlertCommand,
  ListAlertsQueryDto,
  NotificationSubjects,
  UpdateAlertCommand,
} from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { CreateAlertHandler } from './create-alert/create-alert.handler';
import { ListAlertsHandler } from './list-alerts/list-alerts.handler';
import { UpdateAlertHandler } from './update-alert/update-alert.handler';

@Injectable()
export class AlertsRpcController {
  constructor(
    private readonly createAlert: CreateAlertHandler,
    private readonly listAlerts: ListAlertsHandler,
    private readonly updateAlert: UpdateAlertHandler,
  ) {}

  @RpcHandler(NotificationSubjects.createAlert, CreateAlertCommand)
  create(cmd: CreateAlertCommand, caller: CallerContext) {
    return this.createAlert.execute(cmd, caller);
  }

  @RpcHandler(NotificationSubjects.listAlerts, ListAlertsQueryDto)
  list(q: ListAlertsQueryDto, caller: CallerContext) {
    return this.listAlerts.execute(q, caller);
  }

  @RpcHandler(NotificationSubjects.updateAlert, UpdateAlertCommand)
  update(cmd: UpdateAlertCommand, caller: CallerContext) {
    return this.updateAlert.execute(cmd, caller);
  }
}
