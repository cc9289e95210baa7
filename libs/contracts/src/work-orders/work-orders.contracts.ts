import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, queryBoolean, ItemCount } from '../paging';
import { IsCalendarDate, IsMoneyString } from '../validation';
import type { AuditEntryView } from '../payments/work-order-payments.contracts';

// DOMAIN.md part A. Work orders, labs and payment plans are kept by `work-orders`.
export const PAYMENT_METHODS = ['cash', 'card', 'bank_transfer', 'check', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PRODUCTION_STATUSES = ['draft', 'sent', 'in_progress', 'delivered', 'completed', 'cancelled'] as const;
export type ProductionStatus = (typeof PRODUCTION_STATUSES)[number];

export const WorkOrderSubjects = {
  createLab: 'work-orders.cmd.create-lab',
  updateLab: 'work-orders.cmd.update-lab',
  listLabs: 'work-orders.query.list-labs',
  getLab: 'work-orders.query.get-lab',
  createWorkOrder: 'work-orders.cmd.create-work-order',
  updateWorkOrder: 'work-orders.cmd.update-work-order',
  listWorkOrders: 'work-orders.query.list-work-orders',
  getWorkOrder: 'work-orders.query.get-work-order',
} as const;

export const WorkOrderEvents = {
  labCreated: 'work-orders.lab.created',
  labUpdated: 'work-orders.lab.updated',
  workOrderCreated: 'work-orders.work-order.created',
  workOrderUpdated: 'work-orders.work-order.updated',
} as const;

export class CreateLabDto {
  @ApiProperty({ example: 'Smile Lab' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string;
}

export class UpdateLabDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateLabCommand extends UpdateLabDto {
  @IsUUID()
  labId: string;
}

export class LabIdDto {
  @IsUUID()
  labId: string;
}

export class InstallmentDto {
  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  dueDate: string;

  @ApiProperty({ example: '500.00' })
  @IsMoneyString()
  amount: string;
}

export class PaymentPlanDto {
  @ApiProperty({ example: '1000.00' })
  @IsMoneyString()
  totalAmount: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  paymentMethod: PaymentMethod;

  @ApiPropertyOptional({ description: 'one payment due on this date (or give installments)' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({ type: [InstallmentDto], description: 'must sum to totalAmount, else 422' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(120)
  @ValidateNested({ each: true })
  @Type(() => InstallmentDto)
  installments?: InstallmentDto[];
}

export class CreateWorkOrderDto {
  @ApiProperty()
  @IsUUID()
  clinicId: string;

  @ApiProperty()
  @IsUUID()
  labId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiProperty({ example: 'Zirconia crown 26' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description: string;

  @ApiProperty({ example: '2026-11-21' })
  @IsCalendarDate()
  documentedDate: string;

  @ApiProperty({ type: PaymentPlanDto })
  @ValidateNested()
  @Type(() => PaymentPlanDto)
  paymentPlan: PaymentPlanDto;
}

export class UpdateWorkOrderDto {
  @ApiPropertyOptional({ enum: PRODUCTION_STATUSES })
  @IsOptional()
  @IsIn(PRODUCTION_STATUSES)
  status?: ProductionStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description?: string;
}

export class UpdateWorkOrderCommand extends UpdateWorkOrderDto {
  @IsUUID()
  workOrderId: string;
}

export class WorkOrderIdDto {
  @IsUUID()
  workOrderId: string;
}

export interface InstallmentView {
  number: number;
  dueDate: string;
  amount: string;
}

export interface LabView {
  id: string;
  organizationId: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

/** The RPC answer: the whole work order, with a revision that grows on every change. */
export interface WorkOrderView {
  id: string;
  organizationId: string;
  clinicId: string;
  labId: string;
  patientId: string | null;
  number: string;
  description: string;
  documentedDate: string;
  status: ProductionStatus;
  currency: string;
  paymentPlan: { totalAmount: string; paymentMethod: PaymentMethod; installments: InstallmentView[] };
  revision: number;
  createdAt: string;
  /** Only in the get-work-order answer (not in events): who changed what, newest first. */
  audit?: AuditEntryView[];
}

// LabSnapshotV1 and WorkOrderSnapshotV1, the payloads of the lab and work-order events, are their own classes:
// work-orders.events.ts.

// Additions for listing (additive; the fields above are unchanged).

export class ListLabsQueryDto {
  @ApiPropertyOptional({ description: 'true: active labs only, false: inactive only, absent: every lab' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  active?: boolean;
}

export class ListWorkOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  labId?: string;

  @ApiPropertyOptional({ enum: PRODUCTION_STATUSES })
  @IsOptional()
  @IsIn(PRODUCTION_STATUSES)
  status?: ProductionStatus;
}

export interface LabListView {
  items: LabView[];
  total: ItemCount;
}

export interface WorkOrderListView {
  items: WorkOrderView[];
  total: ItemCount;
  page: number;
  pageSize: number;
}
