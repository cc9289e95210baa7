import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsString,
  IsUUID,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { defineEvent } from '../contract';
import { IsEventAmount } from '../shared/event-fields';
import { IsCalendarDate, IsCurrencyCode } from '../validation';
import { WorkOrderTreatmentEvents } from './work-order-treatments.contracts';
import {
  PAYMENT_METHODS,
  PaymentMethod,
  PRODUCTION_STATUSES,
  ProductionStatus,
  WorkOrderEvents,
} from './work-orders.contracts';

// The events `work-orders` publishes (stream WORK_ORDERS): each payload its own class, not an API view, so that a
// field added to a view does not change an event. A change a consumer could trip on is a new version beside this one.

/** `work-orders.lab.created` / `.updated`: the whole lab (Lab.toSnapshot). */
export class LabSnapshotV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsString()
  @IsNotEmpty()
  name: string;

  @ValidateIf((o: LabSnapshotV1) => o.email !== null)
  @IsString()
  email: string | null;

  @ValidateIf((o: LabSnapshotV1) => o.phone !== null)
  @IsString()
  phone: string | null;

  @IsBoolean()
  active: boolean;

  /** 1 when created, +1 on every change: consumers keep the highest */
  @IsInt()
  @Min(1)
  revision: number;
}

export class WorkOrderInstallmentV1 {
  /** 1, 2, … in due-date order */
  @IsInt()
  @Min(1)
  number: number;

  @IsCalendarDate()
  dueDate: string;

  @IsEventAmount()
  amount: string;
}

export class WorkOrderPaymentPlanV1 {
  @IsEventAmount()
  totalAmount: string;

  @IsIn(PAYMENT_METHODS)
  paymentMethod: PaymentMethod;

  /** the installments sum to totalAmount */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WorkOrderInstallmentV1)
  installments: WorkOrderInstallmentV1[];
}

/** `work-orders.work-order.created` / `.updated`: the whole work order (workOrderView, without the audit trail). */
export class WorkOrderSnapshotV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsUUID()
  labId: string;

  @ValidateIf((o: WorkOrderSnapshotV1) => o.patientId !== null)
  @IsUUID()
  patientId: string | null;

  /** per organization, e.g. "WO-000042" */
  @IsString()
  @IsNotEmpty()
  number: string;

  @IsString()
  @IsNotEmpty()
  description: string;

  @IsCalendarDate()
  documentedDate: string;

  @IsIn(PRODUCTION_STATUSES)
  status: ProductionStatus;

  @IsCurrencyCode()
  currency: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => WorkOrderPaymentPlanV1)
  paymentPlan: WorkOrderPaymentPlanV1;

  /** 1 when created, +1 on every change: consumers keep the highest */
  @IsInt()
  @Min(1)
  revision: number;

  @IsISO8601()
  createdAt: string;
}

/** `work-orders.work-order.treatments-linked`: the whole set of treatments linked to a work order. */
export class WorkOrderTreatmentsLinkedV1 {
  @IsUUID()
  workOrderId: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsUUID()
  labId: string;

  @ValidateIf((o: WorkOrderTreatmentsLinkedV1) => o.patientId !== null)
  @IsUUID()
  patientId: string | null;

  /** sorted; empty = no treatment linked */
  @IsArray()
  @IsUUID('all', { each: true })
  treatmentIds: string[];

  /** +1 on every change of the set: consumers keep the highest */
  @IsInt()
  @Min(1)
  linksRevision: number;
}

export const WorkOrderEventContracts = {
  labCreated: defineEvent({ type: WorkOrderEvents.labCreated, version: 1, payload: LabSnapshotV1 }),
  labUpdated: defineEvent({ type: WorkOrderEvents.labUpdated, version: 1, payload: LabSnapshotV1 }),
  workOrderCreated: defineEvent({ type: WorkOrderEvents.workOrderCreated, version: 1, payload: WorkOrderSnapshotV1 }),
  workOrderUpdated: defineEvent({ type: WorkOrderEvents.workOrderUpdated, version: 1, payload: WorkOrderSnapshotV1 }),
} as const satisfies Record<keyof typeof WorkOrderEvents, unknown>;

export const WorkOrderTreatmentEventContracts = {
  treatmentsLinked: defineEvent({
    type: WorkOrderTreatmentEvents.treatmentsLinked,
    version: 1,
    payload: WorkOrderTreatmentsLinkedV1,
  }),
} as const satisfies Record<keyof typeof WorkOrderTreatmentEvents, unknown>;
