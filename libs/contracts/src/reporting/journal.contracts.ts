import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsStoredText } from '../validation';

// DOMAIN.md E "Journal export": double entry per event, kept by `reporting` from the events it already reads; the
// organization's chart (account codes and names) is kept by the gateway, which maps the accounts onto it.
export const JournalSubjects = {
  lines: 'reporting.query.journal-lines',
} as const;

/** The accounts the posting rules use; each organization maps them onto its own codes and names. */
export const JOURNAL_ACCOUNT_KEYS = [
  'cash',
  'bank',
  'card_clearing',
  'patient_receivables',
  'lab_payables',
  'treatment_revenue',
  'write_offs',
  'lab_costs',
  'bank_fees',
] as const;
export type JournalAccountKey = (typeof JOURNAL_ACCOUNT_KEYS)[number];

/** DOMAIN.md E's default chart. */
export const DEFAULT_JOURNAL_ACCOUNTS: Record<JournalAccountKey, { code: string; name: string }> = {
  cash: { code: '1000', name: 'Cash' },
  bank: { code: '1010', name: 'Bank' },
  card_clearing: { code: '1020', name: 'Card clearing' },
  patient_receivables: { code: '1200', name: 'Patient receivables' },
  lab_payables: { code: '2100', name: 'Lab payables' },
  treatment_revenue: { code: '4000', name: 'Treatment revenue' },
  write_offs: { code: '4900', name: 'Write-offs' },
  lab_costs: { code: '5100', name: 'Lab costs' },
  bank_fees: { code: '6100', name: 'Bank fees' },
};

/** Lines one answer may hold (an export chunk). */
export const JOURNAL_MAX_CHUNK = 2000;

export const JOURNAL_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type JournalFormat = (typeof JOURNAL_FORMATS)[number];
export const JOURNAL_DELIMITERS = ['comma', 'semicolon'] as const;
export type JournalDelimiter = (typeof JOURNAL_DELIMITERS)[number];

/** The filters of GET /reports/journal (the HTTP query adds format and delimiter). */
export class JournalFilterDto {
  @ApiPropertyOptional({ description: 'one clinic; absent: every clinic the caller may see' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'first day of the period (inclusive); absent: open' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day of the period (inclusive); absent: open' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

/** reporting.query.journal-lines: keyset chunks of the lines in scope, by date then posting order. */
export class JournalLinesQueryDto extends JournalFilterDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(JOURNAL_MAX_CHUNK)
  pageSize?: number;

  /** Lines after this cursor (a previous answer's nextCursor). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  after?: string;
}

/** One line as reporting keeps it: the account by its key (the gateway names it with the organization's chart). */
export interface JournalLineRow {
  date: string;
  /** the entry: the id of the event that posted it */
  entryId: string;
  account: JournalAccountKey;
  debit: string;
  credit: string;
  currency: string;
  /** the event type that posted the entry */
  source: string;
  /** receipt number, work-order number, treatment or closure id */
  reference: string;
  clinicId: string;
}

export interface JournalTotals {
  debit: string;
  credit: string;
}

export interface JournalLinesAnswer {
  /** null: every clinic of the caller */
  clinicId: string | null;
  from: string | null;
  to: string | null;
  currency: string;
  items: JournalLineRow[];
  /** over every line in scope, whatever chunk this is */
  totals: JournalTotals;
  /** set when more lines follow */
  nextCursor: string | null;
}

/** One account of the organization's chart: PUT /accounting/accounts sets some of them. */
export class JournalAccountDto {
  @ApiProperty({ enum: JOURNAL_ACCOUNT_KEYS, example: 'patient_receivables' })
  @IsIn(JOURNAL_ACCOUNT_KEYS)
  key: JournalAccountKey;

  @ApiProperty({ example: '120', description: 'letters, digits, dots and dashes, at most 20' })
  @IsString()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/, {
    message: 'code must be 1 to 20 letters, digits, dots or dashes, starting with a letter or digit',
  })
  code: string;

  @ApiProperty({ example: 'Alıcılar' })
  @IsString()
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class PutJournalAccountsDto {
  @ApiProperty({
    type: [JournalAccountDto],
    description: 'the accounts to set (each key at most once); keys left out keep their current code and name',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(JOURNAL_ACCOUNT_KEYS.length)
  @ValidateNested({ each: true })
  @Type(() => JournalAccountDto)
  accounts: JournalAccountDto[];
}

export interface JournalAccountView {
  key: JournalAccountKey;
  code: string;
  name: string;
  /** false while the organization keeps DOMAIN.md E's default */
  custom: boolean;
}

export interface JournalAccountsView {
  accounts: JournalAccountView[];
}
