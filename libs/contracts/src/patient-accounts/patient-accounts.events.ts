import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { defineEvent } from '../contract';
import { CorrectionV1, IsEventAmount, IsSignedEventAmount } from '../shared/event-fields';
import { IsCalendarDate, IsCurrencyCode, IsPercentString } from '../validation';
import { AccountEvents, CLOSURE_MODES, ClosureMode } from './account.contracts';
import { PatientAccountEvents } from './patient-accounts.contracts';

// The events `patient-accounts` publishes (stream PATIENT_ACCOUNTS): each payload its own class, not an API view, so
// that a field added to a view does not change an event. A change a consumer could trip on is a new version beside
// this one.

/**
 * `patient-accounts.treatment.created` / `.updated` / `.deleted`: the whole treatment at its new revision
 * (Treatment.toView) and, for a correction, why (treatments.handlers recordChange).
 */
export class TreatmentSnapshotV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsUUID()
  patientId: string;

  /** null = the clinic's (e.g. a Bank Cost treatment) */
  @ValidateIf((o: TreatmentSnapshotV1) => o.physicianId !== null)
  @IsUUID()
  physicianId: string | null;

  @IsString()
  @IsNotEmpty()
  procedure: string;

  @ValidateIf((o: TreatmentSnapshotV1) => o.tooth !== null)
  @IsString()
  tooth: string | null;

  @IsCalendarDate()
  date: string;

  @IsEventAmount()
  amount: string;

  @IsCurrencyCode()
  currency: string;

  @IsBoolean()
  copiedFromPlanning: boolean;

  @ValidateIf((o: TreatmentSnapshotV1) => o.planItemId !== null)
  @IsUUID()
  planItemId: string | null;

  @ValidateIf((o: TreatmentSnapshotV1) => o.invoiceId !== null)
  @IsUUID()
  invoiceId: string | null;

  @ValidateIf((o: TreatmentSnapshotV1) => o.invoiceNumber !== null)
  @IsString()
  invoiceNumber: string | null;

  @IsBoolean()
  deleted: boolean;

  /** 1 when created, +1 on every change: consumers keep the highest */
  @IsInt()
  @Min(1)
  revision: number;

  /** why, when a person corrected the treatment */
  @ValidateIf((o: TreatmentSnapshotV1) => o.correction !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => CorrectionV1)
  correction?: CorrectionV1;
}

/**
 * `patient-accounts.account.closed` / `.reopened`: the closure made or undone (AccountClosure.toView) and, for a
 * closure or undo by a person, why. A reopened event also follows a closure that was never stored (its payments lock
 * could not be released): its totals are then "0.00" and the received total is payments' lock answer.
 */
export class AccountClosureV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  patientId: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsIn(CLOSURE_MODES)
  mode: ClosureMode;

  /** the through date: treatments and money dated on or before it are closed */
  @IsCalendarDate()
  date: string;

  @IsEventAmount()
  treatmentTotal: string;

  /** refunds count negative */
  @IsSignedEventAmount()
  receivedTotal: string;

  /** + unpaid written off, − received more written off */
  @IsSignedEventAmount()
  writtenOffAmount: string;

  @IsCurrencyCode()
  currency: string;

  @IsISO8601()
  createdAt: string;

  /** the user who closed the account (a user id, or a service's name such as "system") */
  @IsString()
  @IsNotEmpty()
  createdBy: string;

  /** why, when a person closed the account or undid the closure */
  @ValidateIf((o: AccountClosureV1) => o.correction !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => CorrectionV1)
  correction?: CorrectionV1;
}

export class ContractScheduleItemV1 {
  /** 0 = the down payment (due on the contract date), then 1, 2, … */
  @IsInt()
  @Min(0)
  number: number;

  @IsCalendarDate()
  dueDate: string;

  @IsEventAmount()
  amount: string;
}

/** `patient-accounts.contract.created`: the whole contract with its schedule (Contract.toView). */
export class ContractSnapshotV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsUUID()
  patientId: string;

  /** the treatment plan it was made from; null = none */
  @ValidateIf((o: ContractSnapshotV1) => o.planId !== null)
  @IsUUID()
  planId: string | null;

  @IsCalendarDate()
  contractDate: string;

  @IsEventAmount()
  totalAmount: string;

  @IsEventAmount()
  downPayment: string;

  @IsInt()
  @Min(1)
  installmentCount: number;

  @IsCalendarDate()
  firstDueDate: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContractScheduleItemV1)
  schedule: ContractScheduleItemV1[];

  @IsCurrencyCode()
  currency: string;
}

/** `patient-accounts.physician.created` / `.updated`: the whole physician (Physician.toView). */
export class PhysicianSnapshotV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsString()
  @IsNotEmpty()
  name: string;

  /** "30.00"; null = no commission set */
  @ValidateIf((o: PhysicianSnapshotV1) => o.commissionPercent !== null)
  @IsPercentString()
  commissionPercent: string | null;
}

/** `patient-accounts.patient.created` / `.updated`: the whole patient with its clinic's currency (Patient.toView). */
export class PatientSnapshotV1 {
  @IsUUID()
  id: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  clinicId: string;

  @IsString()
  @IsNotEmpty()
  firstName: string;

  @IsString()
  @IsNotEmpty()
  lastName: string;

  @ValidateIf((o: PatientSnapshotV1) => o.phone !== null)
  @IsString()
  phone: string | null;

  @ValidateIf((o: PatientSnapshotV1) => o.email !== null)
  @IsString()
  email: string | null;

  @ValidateIf((o: PatientSnapshotV1) => o.familyId !== null)
  @IsUUID()
  familyId: string | null;

  @IsCurrencyCode()
  currency: string;
}

export const PatientAccountEventContracts = {
  treatmentCreated: defineEvent({
    type: PatientAccountEvents.treatmentCreated,
    version: 1,
    payload: TreatmentSnapshotV1,
  }),
  treatmentUpdated: defineEvent({
    type: PatientAccountEvents.treatmentUpdated,
    version: 1,
    payload: TreatmentSnapshotV1,
  }),
  treatmentDeleted: defineEvent({
    type: PatientAccountEvents.treatmentDeleted,
    version: 1,
    payload: TreatmentSnapshotV1,
  }),
} as const satisfies Record<keyof typeof PatientAccountEvents, unknown>;

export const AccountEventContracts = {
  accountClosed: defineEvent({ type: AccountEvents.accountClosed, version: 1, payload: AccountClosureV1 }),
  accountReopened: defineEvent({ type: AccountEvents.accountReopened, version: 1, payload: AccountClosureV1 }),
  contractCreated: defineEvent({ type: AccountEvents.contractCreated, version: 1, payload: ContractSnapshotV1 }),
  physicianCreated: defineEvent({ type: AccountEvents.physicianCreated, version: 1, payload: PhysicianSnapshotV1 }),
  physicianUpdated: defineEvent({ type: AccountEvents.physicianUpdated, version: 1, payload: PhysicianSnapshotV1 }),
  patientCreated: defineEvent({ type: AccountEvents.patientCreated, version: 1, payload: PatientSnapshotV1 }),
  patientUpdated: defineEvent({ type: AccountEvents.patientUpdated, version: 1, payload: PatientSnapshotV1 }),
} as const satisfies Record<keyof typeof AccountEvents, unknown>;
