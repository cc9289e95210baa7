import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Money, MoneyError } from '@dental/money';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsUUID,
  MaxLength,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import { CorrectionDto, OptionalCorrectionDto } from '../shared/corrections.contracts';
import { queryBoolean } from '../paging';
import { IsCalendarDate, IsCurrencyCode, IsMoneyString, IsStoredText } from '../validation';

// DOMAIN.md part B "Received money" and "Card payments and bank cost": money received from patients, kept by `payments`.
export const PATIENT_PAYMENT_TYPES = ['cash', 'card', 'bank_transfer', 'check', 'refund'] as const;
export type PatientPaymentType = (typeof PATIENT_PAYMENT_TYPES)[number];

export const PatientPaymentSubjects = {
  record: 'payments.cmd.record-patient-payment',
  update: 'payments.cmd.update-patient-payment',
  delete: 'payments.cmd.delete-patient-payment',
  list: 'payments.query.list-patient-payments',
  get: 'payments.query.get-patient-payment',
  receipt: 'payments.query.patient-payment-receipt',
  listPdf: 'payments.query.patient-payments-pdf',
  receivedTotals: 'payments.query.received-totals',
  contractPaid: 'payments.query.contract-paid',
  lockMoney: 'payments.cmd.lock-patient-money',
  unlockMoney: 'payments.cmd.unlock-patient-money',
} as const;

export const PatientPaymentEvents = {
  recorded: 'payments.patient-payment.recorded',
  updated: 'payments.patient-payment.updated',
  deleted: 'payments.patient-payment.deleted',
} as const;

export const PatientPaymentErrors = {
  /** money dated on or before the patient's closure, or a closed record edited/deleted */
  ACCOUNT_CLOSED: 'PAYMENT.ACCOUNT_CLOSED',
  NOT_FOUND: 'PATIENT_PAYMENT.NOT_FOUND',
} as const;

/** A money string strictly above 0 with at most 2 decimals ("0", "-5", "1.234", "abc" are refused). */
export function IsPositiveMoneyString(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPositiveMoneyString',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a decimal string above 0 with at most 2 decimals, e.g. "1250.00"`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            return Money.parse(value, 'EUR').isPositive();
          } catch (e) {
            if (e instanceof MoneyError) return false;
            throw e;
          }
        },
      },
    });
}

export class RecordPatientPaymentDto {
  @ApiProperty({ example: '2026-11-21' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '1000.00', description: 'above 0; a refund is entered positive and stored negative' })
  @IsPositiveMoneyString()
  amount: string;

  @ApiProperty({ enum: PATIENT_PAYMENT_TYPES })
  @IsIn(PATIENT_PAYMENT_TYPES)
  paymentType: PatientPaymentType;

  @ApiPropertyOptional({
    example: '20.00',
    description: 'only for card payments when the clinic bank charge percentage is "0" (typed by the user)',
  })
  @IsOptional()
  @IsMoneyString()
  bankCost?: string;

  @ApiPropertyOptional({ description: 'a contract of this patient the payment covers' })
  @IsOptional()
  @IsUUID()
  contractId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsStoredText()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({
    description: "the dentist on whose behalf the money is received: a physician of the patient's clinic",
  })
  @IsOptional()
  @IsUUID()
  physicianId?: string;
}

export class RecordPatientPaymentCommand extends RecordPatientPaymentDto {
  @IsUUID()
  patientId: string;
}

export class UpdatePatientPaymentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ description: 'what is typed, above 0 (state 1 card: the bank cost is added again)' })
  @IsOptional()
  @IsPositiveMoneyString()
  amount?: string;

  @ApiPropertyOptional({ enum: PATIENT_PAYMENT_TYPES })
  @IsOptional()
  @IsIn(PATIENT_PAYMENT_TYPES)
  paymentType?: PatientPaymentType;

  @ApiPropertyOptional({ nullable: true, description: 'card + clinic percentage "0" only; null removes it' })
  @IsOptional()
  @ValidateIf((o: UpdatePatientPaymentDto) => o.bankCost !== null)
  @IsMoneyString()
  bankCost?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((o: UpdatePatientPaymentDto) => o.contractId !== null)
  @IsUUID()
  contractId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((o: UpdatePatientPaymentDto) => o.note !== null)
  @IsStoredText()
  @MaxLength(2000)
  note?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    description:
      "the dentist on whose behalf the money is received (a physician of the patient's clinic); null: nobody's",
  })
  @IsOptional()
  @ValidateIf((o: UpdatePatientPaymentDto) => o.physicianId !== null)
  @IsUUID()
  physicianId?: string | null;
}

/** The public PATCH body: the fields to change and why (DOMAIN.md E). */
export class CorrectPatientPaymentDto extends IntersectionType(UpdatePatientPaymentDto, CorrectionDto) {}

export class UpdatePatientPaymentCommand extends IntersectionType(UpdatePatientPaymentDto, OptionalCorrectionDto) {
  @IsUUID()
  patientId: string;

  @IsUUID()
  paymentId: string;
}

export class PatientPaymentRefDto {
  @IsUUID()
  patientId: string;

  @IsUUID()
  paymentId: string;
}

export class DeletePatientPaymentCommand extends IntersectionType(PatientPaymentRefDto, OptionalCorrectionDto) {}

/** `GET /patients/:id/payments`: the records that count, or (includeDeleted) the deleted ones too, marked. */
export class PatientPaymentsQueryDto {
  @ApiPropertyOptional({ description: 'true: deleted records too (deleted: true), as the history view lists them' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeDeleted?: boolean;
}

export class ListPatientPaymentsQuery extends PatientPaymentsQueryDto {
  @IsUUID()
  patientId: string;
}

export class PatientPaymentsPdfQueryDto {
  @ApiPropertyOptional({ description: 'true: the closed part too' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  showPaid?: boolean;
}

export class PatientPaymentsPdfQuery extends PatientPaymentsPdfQueryDto {
  @IsUUID()
  patientId: string;
}

export class ReceivedTotalsQuery {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  patientIds: string[];
}

export class ContractPaidQuery {
  @IsUUID()
  patientId: string;

  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  contractIds: string[];
}

export class LockPatientMoneyCommand {
  @IsUUID()
  patientId: string;

  @IsUUID()
  closureId: string;

  @IsCalendarDate()
  through: string;

  /**
   * The patient's clinic, sent by patient-accounts so that payments need not ask it back (no synchronous cycle).
   * Optional for callers that predate it: payments then takes it from its own copy of patient-accounts' events.
   */
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  /** The patient's currency (its clinic's), sent with clinicId; payments' own clinic row decides when it has one. */
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;
}

export class UnlockPatientMoneyCommand {
  @IsUUID()
  patientId: string;

  @IsUUID()
  closureId: string;
}

export interface PatientPaymentSplitView {
  /** null = the clinic row (treatments with no physician, e.g. Bank Cost, or no treatments at all) */
  physicianId: string | null;
  /** signed like the payment: a refund splits negative; the splits sum exactly to `amount` */
  amount: string;
}

/** The RPC answer: the whole record, with a revision that grows on every change. */
export interface PatientPaymentView {
  id: string;
  organizationId: string;
  clinicId: string;
  patientId: string;
  /** gapless per clinic, zero-padded, e.g. "000042"; a deleted record keeps its number */
  receiptNumber: string;
  date: string;
  /** stored amount, signed: refund negative; a card in bank-charge state 1 = typed + bank cost */
  amount: string;
  /** what was typed (positive) */
  enteredAmount: string;
  /** null = no bank cost (not a card payment, clinic setting not set, or none typed) */
  bankCost: string | null;
  /** the clinic's bank charge percentage used when the record was last saved; null = not set */
  bankChargePercent: string | null;
  paymentType: PatientPaymentType;
  contractId: string | null;
  note: string | null;
  currency: string;
  /** dated on or before the patient's closure: locked */
  closed: boolean;
  splits: PatientPaymentSplitView[];
  /**
   * the dentist on whose behalf the money was received (Progress Payment "registered" mode); null = nobody's.
   * Events recorded before the field existed lack it: read absent as null.
   */
  physicianId: string | null;
  revision: number;
  deleted: boolean;
  createdAt: string;
}
// PatientPaymentSnapshotV1, the payload of the patient-payment events, is its own class: payments.events.ts.

export interface PatientPaymentListView {
  items: PatientPaymentView[];
}

/** A generated document carried over the bus. */
export interface FileView {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/** One item per requested patient; a patient with no money stored yet: currency null, amounts "0". */
export interface ReceivedTotalsView {
  items: {
    patientId: string;
    currency: string | null;
    /** sum of the records dated after the lock (all records when there is none) */
    openReceived: string;
    /** sum of the records dated on or before the lock */
    closedReceived: string;
    closedThrough: string | null;
  }[];
}

/** One item per requested contract, in the order asked; nothing paid: "0" when the patient has no money yet. */
export interface ContractPaidView {
  items: { contractId: string; paidAmount: string }[];
}

export interface LockPatientMoneyResult {
  /** sum of every record of the patient dated on or before `through` */
  receivedThrough: string;
  /**
   * sum of the bank costs of those records: what the patient's Bank Cost treatments dated on or before `through`
   * amount to, even when patient-accounts has not consumed their payment events yet
   */
  bankCostThrough: string;
}

export interface UnlockPatientMoneyResult {
  unlocked: boolean;
}
