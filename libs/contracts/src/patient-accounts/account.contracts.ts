import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { CorrectionDto, OptionalCorrectionDto } from '../shared/corrections.contracts';
import { IsCalendarDate, IsMoneyString, IsPercentString, IsStoredText } from '../validation';
import { PatientIdDto } from './patient-accounts.contracts';
import type { ContractScheduleItem } from './account-math';
import type { FamilyView, PatientView, PhysicianView, TreatmentView } from './patient-accounts.contracts';

// DOMAIN.md B: account closures, contracts, the account/distribution bases others compose from, families.
// Kept by `patient-accounts`; received money lives in `payments` (patient-payments.contracts.ts).
export const AccountSubjects = {
  closeAccount: 'patient-accounts.cmd.close-account',
  undoLatestClosure: 'patient-accounts.cmd.undo-latest-closure',
  accountBasis: 'patient-accounts.query.account-basis',
  distributionBasis: 'patient-accounts.query.distribution-basis',
  treatmentTotals: 'patient-accounts.query.treatment-totals',
  createContract: 'patient-accounts.cmd.create-contract',
  getContract: 'patient-accounts.query.get-contract',
  family: 'patient-accounts.query.family',
  updatePhysician: 'patient-accounts.cmd.update-physician',
} as const;

/**
 * Stream PATIENT_ACCOUNTS. Payloads (patient-accounts.events.ts): AccountClosureV1, ContractSnapshotV1,
 * PhysicianSnapshotV1, PatientSnapshotV1.
 */
export const AccountEvents = {
  accountClosed: 'patient-accounts.account.closed',
  accountReopened: 'patient-accounts.account.reopened',
  contractCreated: 'patient-accounts.contract.created',
  physicianCreated: 'patient-accounts.physician.created',
  physicianUpdated: 'patient-accounts.physician.updated',
  patientCreated: 'patient-accounts.patient.created',
  patientUpdated: 'patient-accounts.patient.updated',
} as const;

export const AccountErrors = {
  /** 409: a treatment dated on or before the patient's latest closure date is created, edited or deleted */
  ACCOUNT_CLOSED: 'ACCOUNT.CLOSED',
  /** 409: a closure dated on or before the latest closure */
  CLOSURE_NOT_AFTER_LATEST: 'ACCOUNT.CLOSURE_NOT_AFTER_LATEST',
  /** 422: a past closure dated after today (clinic time zone) */
  CLOSURE_DATE_INVALID: 'ACCOUNT.CLOSURE_DATE_INVALID',
  /** 404: undo with no closure */
  NO_CLOSURE: 'ACCOUNT.NO_CLOSURE',
  /** 409: a Bank Cost treatment follows its card payment; edit the payment instead */
  TREATMENT_MANAGED_BY_PAYMENT: 'TREATMENT.MANAGED_BY_PAYMENT',
  /** 422: down payment above the total */
  CONTRACT_DOWN_PAYMENT_ABOVE_TOTAL: 'CONTRACT.DOWN_PAYMENT_ABOVE_TOTAL',
  CONTRACT_NOT_FOUND: 'CONTRACT.NOT_FOUND',
  PLAN_NOT_FOUND: 'TREATMENT_PLAN.NOT_FOUND',
} as const;

export const BANK_COST_PROCEDURE = 'Bank Cost';

export const CLOSURE_MODES = ['now', 'past'] as const;
export type ClosureMode = (typeof CLOSURE_MODES)[number];

export class CloseAccountDto {
  @ApiProperty({ enum: CLOSURE_MODES })
  @IsIn(CLOSURE_MODES)
  mode: ClosureMode;

  @ApiPropertyOptional({
    example: '2026-10-31',
    description: 'required with mode "past" (not after today), not given with "now"',
  })
  @ValidateIf((o: CloseAccountDto) => o.mode === 'past' || (o.date !== undefined && o.date !== null))
  @IsCalendarDate()
  date?: string;
}

/** The public POST body: how the account is closed and why (DOMAIN.md E). */
export class CloseAccountWithReasonDto extends IntersectionType(CloseAccountDto, CorrectionDto) {}

/** The reason for undoing a closure, as a DELETE's query. */
export class UndoClosureQueryDto extends CorrectionDto {}

export class UndoClosureCommand extends IntersectionType(PatientIdDto, OptionalCorrectionDto) {}

export class CloseAccountCommand extends IntersectionType(CloseAccountDto, OptionalCorrectionDto) {
  @IsUUID()
  patientId: string;
}

export class TreatmentTotalsQuery {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  patientIds: string[];
}

export class CreateContractDto {
  @ApiProperty({ example: '1000.00', description: 'above 0' })
  @IsMoneyString()
  totalAmount: string;

  @ApiProperty({ example: '100.00', description: '0 .. totalAmount; due on the contract date' })
  @IsMoneyString()
  downPayment: string;

  @ApiProperty({ example: 3, minimum: 1, maximum: 120 })
  @IsInt()
  @Min(1)
  @Max(120)
  installmentCount: number;

  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  firstDueDate: string;

  @ApiPropertyOptional({ description: 'the treatment plan the contract is made from; of this patient' })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

export class CreateContractCommand extends CreateContractDto {
  @IsUUID()
  patientId: string;
}

export class ContractIdDto {
  @IsUUID()
  patientId: string;

  @IsUUID()
  contractId: string;
}

export class FamilyIdDto {
  @IsUUID()
  familyId: string;
}

export class UpdatePhysicianDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ nullable: true, example: '30.00' })
  @IsOptional()
  @ValidateIf((o: UpdatePhysicianDto) => o.commissionPercent !== null)
  @IsPercentString()
  commissionPercent?: string | null;
}

export class UpdatePhysicianCommand extends UpdatePhysicianDto {
  @IsUUID()
  physicianId: string;
}

export interface ClosureView {
  id: string;
  patientId: string;
  organizationId: string;
  clinicId: string;
  mode: ClosureMode;
  /** the through date D: treatments and money dated ≤ D are closed */
  date: string;
  /** every treatment dated ≤ D (its Bank Cost treatments as payments knows them: `bankCostThrough` of the lock) */
  treatmentTotal: string;
  /** every received-money record dated ≤ D (from payments' lock answer) */
  receivedTotal: string;
  /** signed: + unpaid written off, − received more written off; (treatments − received) ≤ D − earlier write-offs */
  writtenOffAmount: string;
  currency: string;
  createdAt: string;
  createdBy: string;
}

export interface ContractView {
  id: string;
  organizationId: string;
  clinicId: string;
  patientId: string;
  planId: string | null;
  contractDate: string;
  totalAmount: string;
  downPayment: string;
  installmentCount: number;
  firstDueDate: string;
  schedule: ContractScheduleItem[];
  currency: string;
}

export interface AccountTreatmentView extends TreatmentView {
  /** dated on or before the latest closure */
  closed: boolean;
  /** set on a Bank Cost treatment: the card payment it follows (not editable by hand) */
  sourcePaymentId: string | null;
}

export interface AccountBasisView {
  patient: PatientView;
  /** not deleted, date order */
  treatments: AccountTreatmentView[];
  /** every physician referenced by a treatment */
  physicians: PhysicianView[];
  /** oldest first */
  closures: ClosureView[];
  closedThrough: string | null;
  contracts: ContractView[];
  family: FamilyView | null;
  /** today in the clinic's time zone */
  today: string;
}

export interface DistributionBasisView {
  patient: PatientView;
  closedThrough: string | null;
  /** open part (treatments dated after closedThrough), from totalsByPhysician */
  totals: { physicianId: string | null; name: string; treatmentAmount: string }[];
  contractIds: string[];
}

export interface TreatmentTotalsView {
  /** one row per known patient the caller may see; others are left out */
  items: { patientId: string; currency: string; openTreatmentTotal: string; closedThrough: string | null }[];
}

export interface FamilyMembersView {
  family: FamilyView;
  members: PatientView[];
}
