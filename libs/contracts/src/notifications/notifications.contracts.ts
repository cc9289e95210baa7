import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ItemCount, PageQueryDto } from '../paging';
import { IsCalendarDate, IsMoneyString } from '../validation';

// DOMAIN.md B "Alerts" and issue 5: alerts, reminders, channels, scheduled reports are kept by `notifications`.
export const NotificationSubjects = {
  createAlert: 'notifications.cmd.create-alert',
  listAlerts: 'notifications.query.list-alerts',
  updateAlert: 'notifications.cmd.update-alert',
  setSettings: 'notifications.cmd.set-notification-settings',
  getSettings: 'notifications.query.get-notification-settings',
  createReportSubscription: 'notifications.cmd.create-report-subscription',
  listReportSubscriptions: 'notifications.query.list-report-subscriptions',
  deleteReportSubscription: 'notifications.cmd.delete-report-subscription',
  listDeliveries: 'notifications.query.list-deliveries',
} as const;

export const NotificationEvents = {
  alertCreated: 'notifications.alert.created',
  /** done by hand or closed by itself when the patient's unpaid reached zero (payload: AlertSnapshotV1) */
  alertClosed: 'notifications.alert.closed',
} as const;

export const NotificationErrors = {
  ALERT_NOT_FOUND: 'ALERT.NOT_FOUND',
  SUBSCRIPTION_NOT_FOUND: 'REPORT_SUBSCRIPTION.NOT_FOUND',
  SUBSCRIPTION_EXISTS: 'REPORT_SUBSCRIPTION.EXISTS',
  WEBHOOK_SECRET_REQUIRED: 'NOTIFICATION_SETTINGS.WEBHOOK_SECRET_REQUIRED',
} as const;

// ---- alerts ----

export class CreateAlertDto {
  @ApiProperty({ example: '2026-12-01', description: 'the payment date the reminder is sent on' })
  @IsCalendarDate()
  date: string;

  @ApiPropertyOptional({ example: '250.00', description: 'expected amount, above 0' })
  @IsOptional()
  @IsMoneyString()
  amount?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CreateAlertCommand extends CreateAlertDto {
  @IsUUID()
  patientId: string;
}

export const ALERT_DUE_FILTERS = ['today', 'overdue'] as const;
export type AlertDueFilter = (typeof ALERT_DUE_FILTERS)[number];
export const ALERT_STATUSES = ['open', 'done', 'paid_off'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export class ListAlertsQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional({
    enum: ALERT_DUE_FILTERS,
    description:
      "today: open alerts dated today in the clinic's time zone; overdue: open, dated before today; absent: every open alert",
  })
  @IsOptional()
  @IsIn(ALERT_DUE_FILTERS)
  due?: AlertDueFilter;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  patientId?: string;
}

export class UpdateAlertDto {
  @ApiProperty({ example: true, description: 'true marks the alert done (the only change allowed)' })
  @IsIn([true], { message: 'done must be true' })
  done: true;
}

export class UpdateAlertCommand extends UpdateAlertDto {
  @IsUUID()
  alertId: string;
}

export interface AlertView {
  id: string;
  organizationId: string;
  clinicId: string;
  patientId: string;
  /** "Ali Yılmaz", as known when the alert was made */
  patientName: string;
  date: string;
  amount: string | null;
  currency: string;
  note: string | null;
  status: AlertStatus;
  /** open and dated before today in the clinic's time zone */
  overdue: boolean;
  closedAt: string | null;
  createdAt: string;
  createdBy: string;
}

export interface AlertListView {
  items: AlertView[];
  total: ItemCount;
}

// ---- channels (per clinic) ----

export class NotificationSettingsDto {
  @ApiPropertyOptional({ nullable: true, example: 'front-desk@clinic.example', description: 'null removes it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'https://hooks.example/dental', description: 'null removes it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  webhookUrl?: string | null;

  @ApiPropertyOptional({ description: 'HMAC-SHA256 key for X-Signature, at least 16 characters; never shown again' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  webhookSecret?: string;

  @ApiPropertyOptional({ description: 'also e-mail the patient (when the patient has an address); default true' })
  @IsOptional()
  @IsIn([true, false])
  notifyPatients?: boolean;
}

export class SetNotificationSettingsCommand extends NotificationSettingsDto {
  @IsUUID()
  clinicId: string;
}

export class ClinicRefDto {
  @IsUUID()
  clinicId: string;
}

export interface NotificationSettingsView {
  clinicId: string;
  organizationId: string;
  email: string | null;
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  notifyPatients: boolean;
  timeZone: string;
  locale: string;
  currency: string;
}

// ---- scheduled reports ----

export const SCHEDULED_REPORTS = ['account-book-daily', 'finance-weekly'] as const;
export type ScheduledReport = (typeof SCHEDULED_REPORTS)[number];
export const SCHEDULED_REPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ScheduledReportFormat = (typeof SCHEDULED_REPORT_FORMATS)[number];

export class CreateReportSubscriptionDto {
  @ApiProperty()
  @IsUUID()
  clinicId: string;

  @ApiProperty({ enum: SCHEDULED_REPORTS })
  @IsIn(SCHEDULED_REPORTS)
  report: ScheduledReport;

  @ApiProperty({ example: 'owner@clinic.example' })
  @IsEmail()
  email: string;

  @ApiProperty({ enum: SCHEDULED_REPORT_FORMATS })
  @IsIn(SCHEDULED_REPORT_FORMATS)
  format: ScheduledReportFormat;
}

export class ListReportSubscriptionsQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

export class ReportSubscriptionIdDto {
  @IsUUID()
  subscriptionId: string;
}

export interface ReportSubscriptionView {
  id: string;
  organizationId: string;
  clinicId: string;
  report: ScheduledReport;
  email: string;
  format: ScheduledReportFormat;
  /** first day of the last period sent (or being sent); null = none yet */
  lastPeriodStart: string | null;
  createdAt: string;
}

export interface ReportSubscriptionListView {
  items: ReportSubscriptionView[];
  total: ItemCount;
}

// ---- reminders and the delivery log ----

export const REMINDER_KINDS = ['alert', 'contract-installment', 'work-order-installment', 'scheduled-report'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const DELIVERY_CHANNELS = ['clinic-email', 'patient-email', 'webhook', 'report-email'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
/** cancelled: still waiting for a try when its alert closed (done or paid off), so not sent any more */
export const DELIVERY_STATUSES = ['pending', 'sent', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: REMINDER_KINDS })
  @IsOptional()
  @IsIn(REMINDER_KINDS)
  kind?: ReminderKind;

  @ApiPropertyOptional({ description: 'the alert, contract, work order or subscription the reminder is about' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  sourceId?: string;
}

export interface DeliveryAttemptView {
  attempt: number;
  at: string;
  succeeded: boolean;
  /** HTTP status or SMTP reply; null when nothing answered */
  response: string | null;
  error: string | null;
}

/** One message to one channel for one reminder, with every attempt made to deliver it. */
export interface DeliveryView {
  id: string;
  organizationId: string;
  clinicId: string;
  reminderId: string;
  kind: ReminderKind;
  sourceId: string;
  dueDate: string;
  channel: DeliveryChannel;
  target: string;
  status: DeliveryStatus;
  attempts: DeliveryAttemptView[];
  nextAttemptAt: string | null;
  createdAt: string;
}

export interface DeliveryListView {
  items: DeliveryView[];
  total: ItemCount;
  page: number;
  pageSize: number;
}

// AlertSnapshotV1, the payload of the alert events, is its own class: notifications.events.ts.
