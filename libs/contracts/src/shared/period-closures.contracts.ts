import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CorrectionDto, CorrectionReason } from './corrections.contracts';
import { DomainError } from '../errors';
import { IsCalendarDate } from '../validation';

// DOMAIN.md E "Period close": an accountant closes a clinic (or every clinic) through a date; every money record,
// treatment, work-order plan and invoice dated on or before it is locked. Each owner of dated records (payments,
// work-orders, patient-accounts) keeps its own copy of the closures and refuses, in the writer's own transaction.

/** The services that keep a copy of the closures: the gateway applies a closure on each of them. */
export const PERIOD_CLOSURE_OWNERS = ['payments', 'work-orders', 'patient-accounts'] as const;
export type PeriodClosureOwner = (typeof PERIOD_CLOSURE_OWNERS)[number];

export const PeriodClosureSubjects = {
  apply: {
    payments: 'payments.cmd.apply-period-closure',
    'work-orders': 'work-orders.cmd.apply-period-closure',
    'patient-accounts': 'patient-accounts.cmd.apply-period-closure',
  },
  /** compensation: a closure stored by some owners but not all is taken back (it was never answered) */
  revoke: {
    payments: 'payments.cmd.revoke-period-closure',
    'work-orders': 'work-orders.cmd.revoke-period-closure',
    'patient-accounts': 'patient-accounts.cmd.revoke-period-closure',
  },
  reopen: {
    payments: 'payments.cmd.reopen-period-closure',
    'work-orders': 'work-orders.cmd.reopen-period-closure',
    'patient-accounts': 'patient-accounts.cmd.reopen-period-closure',
  },
  /** the gateway's GET reads patient-accounts' copy */
  list: 'patient-accounts.query.list-period-closures',
} as const satisfies Record<string, unknown>;

export const PeriodClosureErrors = {
  /** 409: a record dated on or before a closed-through date is created, changed or deleted */
  PERIOD_CLOSED: 'PERIOD.CLOSED',
  /** 404: no open closure of that scope to reopen */
  NO_OPEN_CLOSURE: 'PERIOD.NO_OPEN_CLOSURE',
} as const;

/** The 409 of a write that touches a closed period. */
export function periodClosed(date: string, through: string): DomainError {
  return new DomainError(
    PeriodClosureErrors.PERIOD_CLOSED,
    409,
    `the period is closed through ${through}: a record dated ${date} cannot be created, changed or deleted; ` +
      'record a correction dated in the open period',
    { through, date },
  );
}

/** POST /period-closures */
export class ClosePeriodDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the clinic to close; absent = every clinic of the organization',
  })
  @IsOptional()
  @IsUUID()
  clinicId?: string | null;

  @ApiProperty({ example: '2026-10-31', description: 'everything dated on or before this date is locked' })
  @IsCalendarDate()
  through: string;
}

/** The gateway's command to each owner: the closure with the id the gateway chose (applying it again is a no-op). */
export class ApplyPeriodClosureCommand extends ClosePeriodDto {
  @IsUUID()
  id: string;
}

export class PeriodClosureRefCommand {
  @IsUUID()
  id: string;
}

/** Reopening names why (DOMAIN.md E): the reason fields of every correction. */
export class ReopenPeriodClosureCommand extends CorrectionDto {
  @IsUUID()
  id: string;
}

/** GET /period-closures */
export class ListPeriodClosuresQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the closures that lock this clinic: its own and the all-clinics ones',
  })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

/** DELETE /period-closures/latest: the scope (a clinic, or absent = the all-clinics closures) and the reason. */
export class ReopenLatestPeriodClosureQueryDto extends CorrectionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "reopen this clinic's latest closure; absent = the latest all-clinics closure",
  })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

export interface PeriodClosureView {
  id: string;
  /** null: every clinic of the organization */
  clinicId: string | null;
  through: string;
  createdAt: string;
  createdBy: string;
  /** null while the closure holds */
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenReason: CorrectionReason | null;
  reopenMemo: string | null;
}

export interface PeriodClosureListView {
  items: PeriodClosureView[];
}

/** An owner's answer to apply: `created` false when it held that closure already (a retry). */
export interface PeriodClosureApplied {
  closure: PeriodClosureView;
  created: boolean;
}
