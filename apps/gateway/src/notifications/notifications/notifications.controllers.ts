import { Caller } from '@dental/auth';
import {
  AlertListView,
  AlertView,
  CallerContext,
  CreateAlertDto,
  CreateReportSubscriptionDto,
  DeliveryListView,
  ListAlertsQueryDto,
  ListDeliveriesQueryDto,
  ListReportSubscriptionsQueryDto,
  NotificationSettingsDto,
  NotificationSettingsView,
  NotificationSubjects,
  ReportSubscriptionListView,
  ReportSubscriptionView,
  UpdateAlertDto,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicErrors, NotificationErrors, PatientErrors } from '@dental/contracts';
import { ApiAnswer, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { uuidParam } from '../../http/uuid-param';

/** Alerts on patients (DOMAIN.md B "Alerts"), kept by `notifications`; the gateway validates, authorizes, forwards. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller()
export class AlertsController {
  constructor(private readonly rpc: RpcClient) {}
  @ApiOperation({ operationId: 'createPatientAlert', summary: 'Add a payment alert to a patient' })
  @ApiAnswer(V.Alert, 'the alert created')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND)
  @Post('patients/:id/alerts')
  create(@Param('id', uuidParam('id')) id: string, @Body() dto: CreateAlertDto, @Caller() caller: CallerContext) {
    return this.rpc.request<AlertView>(NotificationSubjects.createAlert, { ...dto, patientId: id }, caller);
  }

  @ApiOperation({ operationId: 'listAlerts', summary: 'Open alerts, optionally due today or overdue' })
  @ApiAnswer(V.AlertList, 'the open alerts')
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @ApiOkResponse({ description: "open alerts; due=today|overdue in each clinic's time zone" })
  @Get('alerts')
  list(@Query() query: ListAlertsQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<AlertListView>(NotificationSubjects.listAlerts, query, caller);
  }
  @ApiOperation({ operationId: 'updateAlert', summary: 'Mark an alert done' })
  @ApiAnswer(V.Alert, 'the alert as it is now')
  @ApiErrors(NotificationErrors.ALERT_NOT_FOUND)
  @Patch('alerts/:id')
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdateAlertDto, @Caller() caller: CallerContext) {
    return this.rpc.request<AlertView>(NotificationSubjects.updateAlert, { ...dto, alertId: id }, caller);
  }
}

/** Added routes (apps/notifications/README.md): channels, scheduled reports and the delivery log. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationChannelsController {
  constructor(private readonly rpc: RpcClient) {}
  @ApiOperation({
    operationId: 'setClinicNotificationSettings',
    summary: "Set a clinic's notification channels (e-mail, webhook)",
  })
  @ApiAnswer(V.NotificationSettings, 'the settings as stored')
  @ApiErrors(ClinicErrors.NOT_FOUND, NotificationErrors.WEBHOOK_SECRET_REQUIRED)
  @Put('clinics/:id/notification-settings')
  setSettings(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: NotificationSettingsDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<NotificationSettingsView>(
      NotificationSubjects.setSettings,
      { ...dto, clinicId: id },
      caller,
    );
  }
  @ApiOperation({ operationId: 'getClinicNotificationSettings', summary: "A clinic's notification channels" })
  @ApiAnswer(V.NotificationSettings, 'the settings')
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Get('clinics/:id/notification-settings')
  getSettings(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<NotificationSettingsView>(NotificationSubjects.getSettings, { clinicId: id }, caller);
  }
  @ApiOperation({ operationId: 'createReportSubscription', summary: 'Subscribe an e-mail to a scheduled report' })
  @ApiAnswer(V.ReportSubscription, 'the subscription created')
  @ApiErrors(ClinicErrors.NOT_FOUND, NotificationErrors.SUBSCRIPTION_EXISTS)
  @Post('report-subscriptions')
  subscribe(@Body() dto: CreateReportSubscriptionDto, @Caller() caller: CallerContext) {
    return this.rpc.request<ReportSubscriptionView>(NotificationSubjects.createReportSubscription, dto, caller);
  }
  @ApiOperation({ operationId: 'listReportSubscriptions', summary: 'The scheduled report subscriptions' })
  @ApiAnswer(V.ReportSubscriptionList, 'the subscriptions')
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Get('report-subscriptions')
  subscriptions(@Query() query: ListReportSubscriptionsQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<ReportSubscriptionListView>(NotificationSubjects.listReportSubscriptions, query, caller);
  }
  @ApiOperation({ operationId: 'deleteReportSubscription', summary: 'End a scheduled report subscription' })
  @ApiAnswer(V.ReportSubscription, 'the subscription removed')
  @ApiErrors(NotificationErrors.SUBSCRIPTION_NOT_FOUND)
  @Delete('report-subscriptions/:id')
  unsubscribe(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<ReportSubscriptionView>(
      NotificationSubjects.deleteReportSubscription,
      { subscriptionId: id },
      caller,
    );
  }
  @ApiOperation({
    operationId: 'listNotificationDeliveries',
    summary: 'The delivery log: e-mails and webhooks with their attempts',
  })
  @ApiAnswer(V.DeliveryList, 'one page of deliveries')
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Get('notifications/deliveries')
  deliveries(@Query() query: ListDeliveriesQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<DeliveryListView>(NotificationSubjects.listDeliveries, query, caller);
  }
}
