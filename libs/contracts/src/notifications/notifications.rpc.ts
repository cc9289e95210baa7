// The requests `notifications` answers (issue 18): each subject with its request class and the name of its reply's
// type, for the registry (libs/contracts/src/contract.ts) and the schema snapshot. Keys mirror the `…Subjects` constants.
import { defineRpc } from '../contract';
import {
  AlertListView,
  AlertView,
  ClinicRefDto,
  CreateAlertCommand,
  CreateReportSubscriptionDto,
  DeliveryListView,
  ListAlertsQueryDto,
  ListDeliveriesQueryDto,
  ListReportSubscriptionsQueryDto,
  NotificationSettingsView,
  NotificationSubjects,
  ReportSubscriptionIdDto,
  ReportSubscriptionListView,
  ReportSubscriptionView,
  SetNotificationSettingsCommand,
  UpdateAlertCommand,
} from './notifications.contracts';

export const NotificationRpc = {
  createAlert: defineRpc<CreateAlertCommand, AlertView>({
    subject: NotificationSubjects.createAlert,
    request: CreateAlertCommand,
    response: 'AlertView',
  }),
  listAlerts: defineRpc<ListAlertsQueryDto, AlertListView>({
    subject: NotificationSubjects.listAlerts,
    request: ListAlertsQueryDto,
    response: 'AlertListView',
  }),
  updateAlert: defineRpc<UpdateAlertCommand, AlertView>({
    subject: NotificationSubjects.updateAlert,
    request: UpdateAlertCommand,
    response: 'AlertView',
  }),
  setSettings: defineRpc<SetNotificationSettingsCommand, NotificationSettingsView>({
    subject: NotificationSubjects.setSettings,
    request: SetNotificationSettingsCommand,
    response: 'NotificationSettingsView',
  }),
  getSettings: defineRpc<ClinicRefDto, NotificationSettingsView>({
    subject: NotificationSubjects.getSettings,
    request: ClinicRefDto,
    response: 'NotificationSettingsView',
  }),
  createReportSubscription: defineRpc<CreateReportSubscriptionDto, ReportSubscriptionView>({
    subject: NotificationSubjects.createReportSubscription,
    request: CreateReportSubscriptionDto,
    response: 'ReportSubscriptionView',
  }),
  listReportSubscriptions: defineRpc<ListReportSubscriptionsQueryDto, ReportSubscriptionListView>({
    subject: NotificationSubjects.listReportSubscriptions,
    request: ListReportSubscriptionsQueryDto,
    response: 'ReportSubscriptionListView',
  }),
  deleteReportSubscription: defineRpc<ReportSubscriptionIdDto, ReportSubscriptionView>({
    subject: NotificationSubjects.deleteReportSubscription,
    request: ReportSubscriptionIdDto,
    response: 'ReportSubscriptionView',
  }),
  listDeliveries: defineRpc<ListDeliveriesQueryDto, DeliveryListView>({
    subject: NotificationSubjects.listDeliveries,
    request: ListDeliveriesQueryDto,
    response: 'DeliveryListView',
  }),
} as const;
