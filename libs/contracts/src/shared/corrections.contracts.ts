import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsStoredText } from '../validation';

// DOMAIN.md E "Corrections carry a reason": editing or deleting a money record or a treatment, cancelling an invoice,
// closing an account and undoing a closure say why.
export const CORRECTION_REASONS = [
  'entry_error',
  'duplicate',
  'patient_request',
  'price_change',
  'goodwill',
  'other',
] as const;
export type CorrectionReason = (typeof CORRECTION_REASONS)[number];

/** Why a correction was made: a reason code, and a memo (required with `other`). */
export interface Correction {
  reason: CorrectionReason;
  memo: string | null;
}

/**
 * The reason fields of a correction, in a PATCH/POST body or a DELETE's query. Required at the gateway; a service
 * receiving a command stores them with its audit entry and event (internal, automatic changes carry none).
 */
export class CorrectionDto {
  @ApiProperty({ enum: CORRECTION_REASONS, description: 'why the record is corrected' })
  @IsIn(CORRECTION_REASONS, { message: `reason must be one of ${CORRECTION_REASONS.join(', ')}` })
  reason: CorrectionReason;

  @ApiPropertyOptional({ description: 'free text, 1 to 500 characters; required when reason is "other"' })
  @ValidateIf((o: CorrectionDto) => o.reason === 'other' || (o.memo !== undefined && o.memo !== null))
  @IsStoredText({ message: 'memo must be 1 to 500 characters; it is required when reason is "other"' })
  @MinLength(1, { message: 'memo must be 1 to 500 characters; it is required when reason is "other"' })
  @MaxLength(500)
  memo?: string | null;
}

/** The same fields as a service command receives them: optional (automatic changes carry no reason). */
export class OptionalCorrectionDto {
  @IsOptional()
  @IsIn(CORRECTION_REASONS)
  reason?: CorrectionReason;

  @IsOptional()
  @IsStoredText()
  @MaxLength(500)
  memo?: string | null;
}

/** The stored form of a command's correction fields (null when the change carried none). */
export function correctionOf(cmd: { reason?: CorrectionReason; memo?: string | null }): Correction | null {
  return cmd.reason ? { reason: cmd.reason, memo: cmd.memo ?? null } : null;
}

// The history of a record (API.md `GET /history/:subject/:id`): every version, who, when, why, and what changed.
export const HISTORY_SUBJECTS = ['patient-payment', 'work-order-payment', 'treatment', 'invoice', 'closure'] as const;
export type HistorySubject = (typeof HISTORY_SUBJECTS)[number];
/** The subjects each owner keeps the audit of. */
export const PAYMENTS_HISTORY_SUBJECTS = ['patient-payment', 'work-order-payment'] as const;
export const PATIENT_ACCOUNTS_HISTORY_SUBJECTS = ['treatment', 'invoice', 'closure'] as const;

export const HistorySubjects = {
  payments: 'payments.query.record-history',
  patientAccounts: 'patient-accounts.query.record-history',
} as const;

export const HistoryErrors = {
  /** 404: no such record (of this subject) in a clinic the caller may see */
  NOT_FOUND: 'HISTORY.RECORD_NOT_FOUND',
} as const;

export class HistoryQueryDto {
  @IsIn(HISTORY_SUBJECTS, { message: `subject must be one of ${HISTORY_SUBJECTS.join(', ')}` })
  subject: HistorySubject;

  @IsUUID()
  id: string;
}

/** One audit entry as its owner keeps it: the record's values before and after (null when created / removed). */
export interface AuditRecordView {
  at: string;
  userId: string;
  action: string;
  reason: CorrectionReason | null;
  memo: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface HistoryChangeView {
  field: string;
  /** the value as stored (money as a decimal string), null when there was none */
  before: unknown;
  after: unknown;
}

export interface HistoryEntryView {
  version: number;
  at: string;
  userId: string;
  /** the user's name; "a former user" for one removed, a service's name for a change that followed another */
  userName: string;
  action: string;
  reason: CorrectionReason | null;
  memo: string | null;
  changes: HistoryChangeView[];
}
