import {
  AccountSummary,
  AccountTreatmentView,
  AlertView,
  BalanceDistributionRow,
  ClosureView,
  ContractInstallmentView,
  ContractView,
  FamilyView,
  PatientPaymentView,
  PatientView,
  queryBoolean,
} from '@dental/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** `?showPaid=true`: the closed part of the account is listed (and distributed) too. */
export class ShowPaidQueryDto {
  @ApiPropertyOptional({ description: 'true: show the closed (paid) part of the account too' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  showPaid?: boolean;
}

/** A treatment as the account page lists it: blue when copied from planning, red with its number when invoiced. */
export interface AccountTreatmentRow extends AccountTreatmentView {
  physicianName: string | null;
  invoiced: boolean;
}

/** A contract with its receivables table (DOMAIN.md B, Contract); `paidAmount` = the money marked for it. */
export interface ContractAccountView extends Omit<ContractView, 'schedule'> {
  paidAmount: string;
  installments: ContractInstallmentView[];
  coveredAmount: string;
  receivableAmount: string;
  overdueAmount: string;
}

export interface FamilyMemberRow {
  patientId: string;
  firstName: string;
  lastName: string;
  currency: string;
  /** open part: the treatments and money after the member's latest closure */
  treatmentTotal: string;
  receivedTotal: string;
  unpaid: string;
  receivedMore: string;
}

/** The family table: one row per member the caller may see, and the total per currency (one in practice). */
export interface FamilyAccountView {
  family: FamilyView;
  members: FamilyMemberRow[];
  totals: (AccountSummary & { currency: string })[];
}

export interface PatientAccountView {
  patient: PatientView;
  showPaid: boolean;
  /** the latest closure's date; treatments and money dated on or before it are closed */
  closedThrough: string | null;
  /** today in the clinic's time zone (decides overdue installments) */
  today: string;
  treatments: AccountTreatmentRow[];
  receivedMoney: PatientPaymentView[];
  /** the open part only, whatever showPaid says */
  summary: AccountSummary & { currency: string };
  balanceDistribution: BalanceDistributionRow[];
  contracts: ContractAccountView[];
  family: FamilyAccountView | null;
  /** the patient's open alerts */
  alerts: AlertView[];
  /** true when notifications did not answer: the page is served without its alerts */
  alertsUnavailable: boolean;
  /** oldest first; only the latest can be undone */
  closures: ClosureView[];
}

export interface BalanceDistributionView {
  items: BalanceDistributionRow[];
}
