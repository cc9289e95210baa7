import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { defineEvent } from '../contract';
import { CorrectionV1, IsEventAmount, IsSignedEventAmount } from '../shared/event-fields';
import { IsCalendarDate, IsCurrencyCode, IsPercentString } from '../validation';
import { PAYMENT_METHODS, PaymentMethod } from '../work-orders/work-orders.contracts';
import { ClinicEvents } from './clinics.contracts';
import { PATIENT_PAYMENT_TYPES, PatientPaymentEvents, PatientPaymentType } from './patient-payments.contracts';
import { PROGRESS_MODES, ProgressMode, ProgressSettingsEvents } from './progress-settings.contracts';
import { WorkOrderPaymentEvents } from './work-order-payments.contracts';

// The events `payments` publishes (stream PAYMENTS): each payload its own class, not an API view, so that a field
// added to a view does not change an event. A change a consumer could trip on is a new version beside this one.

/** `payments.clinic.created`: the whole clinic (Clinic.toView). */
export class ClinicCreatedV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsString()
  @IsNotEmpty()
  name: string;

  @IsCurrencyCode()
  currency: string;

  /** IANA, e.g. "Europe/Istanbul" */
  @IsString()
  @IsNotEmpty()
  timeZone: string;

  /** "en", "tr" (LOCALES) */
  @IsString()
  @IsNotEmpty()
  locale: string;

  /** "2.50"; null = not set */
  @ValidateIf((o: ClinicCreatedV1) => o.bankChargePercent !== null)
  @IsPercentString()
  bankChargePercent: string | null;
}

/** `payments.clinic.payment-settings-changed`: the clinic and its new bank charge percentage. */
export class ClinicPaymentSettingsChangedV1 {
  /** the clinic */
  @IsUUID()
  id: string;

  /** "2.50", "0.00" (typed by hand) or null (not set) */
  @ValidateIf((o: ClinicPaymentSettingsChangedV1) => o.bankChargePercent !== null)
  @IsPercentString()
  bankChargePercent: string | null;
}

/** `payments.clinic.progress-settings-changed`: the clinic's whole progress payment setting. */
export class ClinicProgressSettingsChangedV1 {
  @IsUUID()
  clinicId: string;

  @IsUUID()
  organizationId: string;

  @IsIn(PROGRESS_MODES)
  mode: ProgressMode;

  /** "10.00"; "0.00" = no cost taken off */
  @IsPercentString()
  costPercent: string;

  /** +1 on every change: consumers keep the highest */
  @IsInt()
  @Min(1)
  revision: number;
}

export class PatientPaymentSplitV1 {
  /** null = the clinic row */
  @ValidateIf((o: PatientPaymentSplitV1) => o.physicianId !== null)
  @IsUUID()
  physicianId: string | null;

  /** signed like the payment; the splits sum exactly to the payment's amount */
  @IsSignedEventAmount()
  amount: string;
}

/**
 * `payments.patient-payment.recorded` / `.updated` / `.deleted`: the whole record at its new revision
 * (PatientPayment.toView), who made the change and, for a correction, why (AuditTrail.recordChange).
 */
export class PatientPaymentSnapshotV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsUUID()
  patientId: string;

  /** gapless per clinic, zero-padded, e.g. "000042" */
  @Matches(/^\d+$/)
  receiptNumber: string;

  @IsCalendarDate()
  date: string;

  /** signed: a refund is negative; a card in bank-charge state 1 = typed + bank cost */
  @IsSignedEventAmount()
  amount: string;

  /** what was typed (positive) */
  @IsEventAmount()
  enteredAmount: string;

  /** null = no bank cost */
  @ValidateIf((o: PatientPaymentSnapshotV1) => o.bankCost !== null)
  @IsEventAmount()
  bankCost: string | null;

  /** the clinic's percentage used when the record was last saved; null = not set */
  @ValidateIf((o: PatientPaymentSnapshotV1) => o.bankChargePercent !== null)
  @IsPercentString()
  bankChargePercent: string | null;

  @IsIn(PATIENT_PAYMENT_TYPES)
  paymentType: PatientPaymentType;

  @ValidateIf((o: PatientPaymentSnapshotV1) => o.contractId !== null)
  @IsUUID()
  contractId: string | null;

  @ValidateIf((o: PatientPaymentSnapshotV1) => o.note !== null)
  @IsString()
  note: string | null;

  @IsCurrencyCode()
  currency: string;

  /** dated on or before the patient's closure */
  @IsBoolean()
  closed: boolean;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PatientPaymentSplitV1)
  splits: PatientPaymentSplitV1[];

  /** the dentist on whose behalf the money was received; null = nobody's. Absent in events recorded before it existed. */
  @IsOptional()
  @IsUUID()
  physicianId?: string | null;

  /** 1 when recorded, +1 on every update and on the delete: consumers keep the highest */
  @IsInt()
  @Min(1)
  revision: number;

  @IsBoolean()
  deleted: boolean;

  @IsISO8601()
  createdAt: string;

  /** the user who made the change (a user id, or a service's name such as "system") */
  @ValidateIf((o: PatientPaymentSnapshotV1) => o.changedBy !== undefined)
  @IsString()
  @IsNotEmpty()
  changedBy?: string;

  /** why, when a person corrected the record */
  @ValidateIf((o: PatientPaymentSnapshotV1) => o.correction !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => CorrectionV1)
  correction?: CorrectionV1;
}

/**
 * `payments.work-order-payment.recorded` / `.updated` / `.deleted`: the whole payment to a lab at its new revision
 * (WorkOrderPayment.toView), who made the change and, for a correction, why (AuditTrail.recordChange).
 */
export class WorkOrderPaymentSnapshotV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsUUID()
  workOrderId: string;

  @IsUUID()
  labId: string;

  @IsCalendarDate()
  date: string;

  /** negative = a refund from the lab to the clinic */
  @IsSignedEventAmount()
  amount: string;

  @IsCurrencyCode()
  currency: string;

  @IsIn(PAYMENT_METHODS)
  method: PaymentMethod;

  @ValidateIf((o: WorkOrderPaymentSnapshotV1) => o.reference !== null)
  @IsString()
  reference: string | null;

  @ValidateIf((o: WorkOrderPaymentSnapshotV1) => o.note !== null)
  @IsString()
  note: string | null;

  /** 1 when recorded, +1 on every update and on the delete: consumers keep the highest */
  @IsInt()
  @Min(1)
  revision: number;

  @IsBoolean()
  deleted: boolean;

  /** the user who made the change (a user id, or a service's name such as "system") */
  @ValidateIf((o: WorkOrderPaymentSnapshotV1) => o.changedBy !== undefined)
  @IsString()
  @IsNotEmpty()
  changedBy?: string;

  /** why, when a person corrected the record */
  @ValidateIf((o: WorkOrderPaymentSnapshotV1) => o.correction !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => CorrectionV1)
  correction?: CorrectionV1;
}

export const ClinicEventContracts = {
  created: defineEvent({ type: ClinicEvents.created, version: 1, payload: ClinicCreatedV1 }),
  paymentSettingsChanged: defineEvent({
    type: ClinicEvents.paymentSettingsChanged,
    version: 1,
    payload: ClinicPaymentSettingsChangedV1,
  }),
} as const satisfies Record<keyof typeof ClinicEvents, unknown>;

export const ProgressSettingsEventContracts = {
  changed: defineEvent({ type: ProgressSettingsEvents.changed, version: 1, payload: ClinicProgressSettingsChangedV1 }),
} as const satisfies Record<keyof typeof ProgressSettingsEvents, unknown>;

export const PatientPaymentEventContracts = {
  recorded: defineEvent({ type: PatientPaymentEvents.recorded, version: 1, payload: PatientPaymentSnapshotV1 }),
  updated: defineEvent({ type: PatientPaymentEvents.updated, version: 1, payload: PatientPaymentSnapshotV1 }),
  deleted: defineEvent({ type: PatientPaymentEvents.deleted, version: 1, payload: PatientPaymentSnapshotV1 }),
} as const satisfies Record<keyof typeof PatientPaymentEvents, unknown>;

export const WorkOrderPaymentEventContracts = {
  recorded: defineEvent({ type: WorkOrderPaymentEvents.recorded, version: 1, payload: WorkOrderPaymentSnapshotV1 }),
  updated: defineEvent({ type: WorkOrderPaymentEvents.updated, version: 1, payload: WorkOrderPaymentSnapshotV1 }),
  deleted: defineEvent({ type: WorkOrderPaymentEvents.deleted, version: 1, payload: WorkOrderPaymentSnapshotV1 }),
} as const satisfies Record<keyof typeof WorkOrderPaymentEvents, unknown>;
