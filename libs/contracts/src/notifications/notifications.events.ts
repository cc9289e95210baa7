import { IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsString, IsUUID, ValidateIf } from 'class-validator';
import { defineEvent } from '../contract';
import { IsEventAmount } from '../shared/event-fields';
import { IsCalendarDate, IsCurrencyCode } from '../validation';
import { ALERT_STATUSES, AlertStatus, NotificationEvents } from './notifications.contracts';

// The events `notifications` publishes (stream NOTIFICATIONS): each payload its own class, not an API view, so that a
// field added to a view does not change an event. A change a consumer could trip on is a new version beside this one.

/** `notifications.alert.created` / `.closed`: the whole alert (Alert.toView). */
export class AlertSnapshotV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsUUID()
  patientId: string;

  /** "Ali Yılmaz", as known when the alert was made */
  @IsString()
  @IsNotEmpty()
  patientName: string;

  /** the payment date the reminder is sent on */
  @IsCalendarDate()
  date: string;

  /** the expected amount; null = none given */
  @ValidateIf((o: AlertSnapshotV1) => o.amount !== null)
  @IsEventAmount()
  amount: string | null;

  @IsCurrencyCode()
  currency: string;

  @ValidateIf((o: AlertSnapshotV1) => o.note !== null)
  @IsString()
  note: string | null;

  @IsIn(ALERT_STATUSES)
  status: AlertStatus;

  /** open and dated before today in the clinic's time zone, when the event was written */
  @IsBoolean()
  overdue: boolean;

  /** null while open */
  @ValidateIf((o: AlertSnapshotV1) => o.closedAt !== null)
  @IsISO8601()
  closedAt: string | null;

  @IsISO8601()
  createdAt: string;

  /** the user who made it (a user id, or a service's name) */
  @IsString()
  @IsNotEmpty()
  createdBy: string;
}

export const NotificationEventContracts = {
  alertCreated: defineEvent({ type: NotificationEvents.alertCreated, version: 1, payload: AlertSnapshotV1 }),
  alertClosed: defineEvent({ type: NotificationEvents.alertClosed, version: 1, payload: AlertSnapshotV1 }),
} as const satisfies Record<keyof typeof NotificationEvents, unknown>;
