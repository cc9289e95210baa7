import { Caller, Roles } from '@dental/auth';
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
import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../http/uuid-param';

const ALERT_WRITERS = ['reception', 'physician', 'accountant'] as const;

/** Alerts on patients (DOMAIN.md B "Alerts"), kept by `notifications`; the gateway validates, authorizes, forwards. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller()
export class AlertsController {
  constructor(private readonly rpc: RpcClient) {}

  @Roles(...ALERT_WRITERS)
  @Post('patients/:id/alerts')
  create(@Param('id', uuidParam('id')) id: string, @Body() dto: CreateAlertDto, @Caller() caller: CallerContext) {
    return this.rpc.request<AlertView>(NotificationSubjects.createAlert, { ...dto, patientId: id }, caller);
  }

  @ApiOkResponse({ description: "open alerts; due=today|overdue in each clinic's time zone" })
  @Get('alerts')
  list(@Query() query: ListAlertsQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<AlertListView>(NotificationSubjects.listAlerts, query, caller);
  }

  @Roles(...ALERT_WRITERS)
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

  @Roles()
  @Put('clinics/:id/notification-settings')
  setSettings(@Param('id', uuidParam('id')) id: string, @Body() dto: NotificationSettingsDto, @Caller() caller: CallerContext) {
    return this.rpc.request<NotificationSettingsView>(
      NotificationSubjects.setSettings,
      { ...dto, clinicId: id },
      caller,
    );
  }

  @Roles()
  @Get('clinics/:id/notification-settings')
  getSettings(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<NotificationSettingsView>(NotificationSubjects.getSettings, { clinicId: id }, caller);
  }

  @Roles('accountant')
  @Post('report-subscriptions')
  subscribe(@Body() dto: CreateReportSubscriptionDto, @Caller() caller: CallerContext) {
    return this.rpc.request<ReportSubscriptionView>(NotificationSubjects.createReportSubscription, dto, caller);
  }

  @Roles('accountant')
  @Get('report-subscriptions')
  subscriptions(@Query() query: ListReportSubscriptionsQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<ReportSubscriptionListView>(NotificationSubjects.listReportSubscriptions, query, caller);
  }

  @Roles('accountant')
  @Delete('report-subscriptions/:id')
  unsubscribe(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<ReportSubscriptionView>(
      NotificationSubjects.deleteReportSubscription,
      { subscriptionId: id },
      caller,
    );
  }

  @Roles('accountant')
  @Get('notifications/deliveries')
  deliveries(@Query() query: ListDeliveriesQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<DeliveryListView>(NotificationSubjects.listDeliveries, query, caller);
  }
}
