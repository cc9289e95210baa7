import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CorrectionDto, CorrectionReason, OptionalCorrectionDto } from '../shared/corrections.contracts';
import { IsCalendarDate, IsMoneyString } from '../validation';
import { PAYMENT_METHODS, PaymentMethod } from '../work-orders/work-orders.contracts';

// Work-order payments are money records: kept by `payments`, every change audited.
export const WorkOrderPaymentSubjects = {
  record: 'payments.cmd.record-work-order-payment',
  update: 'payments.cmd.update-work-order-payment',
  delete: 'payments.cmd.delete-work-order-payment',
  list: 'payments.query.list-work-order-payments',
} as const;

export const WorkOrderPaymentEvents = {
  recorded: 'payments.work-order-payment.recorded',
  updated: 'payments.work-order-payment.updated',
  deleted: 'payments.work-order-payment.deleted',
} as const;

export class WorkOrderPaymentDto {
  @ApiProperty({ example: '2026-11-21' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '400.00', description: 'negative = a refund from the lab to the clinic' })
  @IsMoneyString({ allowNegative: true })
  amount: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  method: PaymentMethod;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RecordWorkOrderPaymentCommand extends WorkOrderPaymentDto {
  @IsUUID()
  workOrderId: string;
}

export class UpdateWorkOrderPaymentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMoneyString({ allowNegative: true })
  amount?: string;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS })
  @IsOptional()
  @IsIn(PAYMENT_METHODS)
  method?: PaymentMethod;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

/** The public PATCH body: the fields to change and why (DOMAIN.md E). */
export class CorrectWorkOrderPaymentDto extends IntersectionType(UpdateWorkOrderPaymentDto, CorrectionDto) {}

export class UpdateWorkOrderPaymentCommand extends IntersectionType(UpdateWorkOrderPaymentDto, OptionalCorrectionDto) {
  @IsUUID()
  workOrderId: string;

  @IsUUID()
  paymentId: string;
}

export class WorkOrderPaymentRefDto {
  @IsUUID()
  workOrderId: string;

  @IsUUID()
  paymentId: string;
}

export class DeleteWorkOrderPaymentCommand extends IntersectionType(WorkOrderPaymentRefDto, OptionalCorrectionDto) {}

export interface WorkOrderPaymentView {
  id: string;
  organizationId: string;
  clinicId: string;
  workOrderId: string;
  labId: string;
  date: string;
  amount: string;
  currency: string;
  method: PaymentMethod;
  reference: string | null;
  note: string | null;
  /** grows on every change; a delete is the last revision, with `deleted: true` */
  revision: number;
  deleted: boolean;
}

export interface AuditEntryView {
  id: string;
  entity: string;
  entityId: string;
  action: 'created' | 'updated' | 'deleted';
  userId: string;
  at: string;
  before: unknown;
  after: unknown;
  /** why a person corrected it (DOMAIN.md E); null for a creation or an automatic change */
  reason: CorrectionReason | null;
  memo: string | null;
}

// WorkOrderPaymentSnapshotV1, the payload of the work-order payment events, is its own class: payments.events.ts.
