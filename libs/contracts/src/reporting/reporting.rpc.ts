// The requests `reporting` answers (issue 18): each subject with its request class and the name of its reply's
// type, for the registry (libs/contracts/src/contract.ts) and the schema snapshot. Keys mirror the `…Subjects` constants.
import { defineRpc } from '../contract';
import { CaseProfitAnswer, CaseProfitQueryDto, CaseProfitSubjects } from './case-profit.contracts';
import {
  FinanceFiltersDto,
  FinanceLabsAnswer,
  FinanceSubjects,
  FinanceWorkOrdersAnswer,
  FinanceWorkOrdersExportChunk,
  FinanceWorkOrdersExportChunkQueryDto,
  FinanceWorkOrdersQueryDto,
} from './finance.contracts';
import { JournalLinesAnswer, JournalLinesQueryDto, JournalSubjects } from './journal.contracts';
import { PayablesAgingAnswer, PayablesAgingQueryDto, PayablesAgingSubjects } from './payables-aging.contracts';
import {
  PatientBalancesAnswer,
  PatientBalancesQueryDto,
  ReceivablesAgingAnswer,
  ReceivablesAgingQueryDto,
  ReceivablesSubjects,
} from './receivables.contracts';
import {
  AccountBookAnswer,
  AccountBookQueryDto,
  ProgressPaymentsAnswer,
  ProgressPaymentsQueryDto,
  RenderReportQueryDto,
  ReportFileView,
  ReportSubjects,
} from './reports.contracts';

export const FinanceRpc = {
  labs: defineRpc<FinanceFiltersDto, FinanceLabsAnswer>({
    subject: FinanceSubjects.labs,
    request: FinanceFiltersDto,
    response: 'FinanceLabsAnswer',
  }),
  workOrders: defineRpc<FinanceWorkOrdersQueryDto, FinanceWorkOrdersAnswer>({
    subject: FinanceSubjects.workOrders,
    request: FinanceWorkOrdersQueryDto,
    response: 'FinanceWorkOrdersAnswer',
  }),
  workOrdersExportChunk: defineRpc<FinanceWorkOrdersExportChunkQueryDto, FinanceWorkOrdersExportChunk>({
    subject: FinanceSubjects.workOrdersExportChunk,
    request: FinanceWorkOrdersExportChunkQueryDto,
    response: 'FinanceWorkOrdersExportChunk',
  }),
} as const;

export const ReportRpc = {
  accountBook: defineRpc<AccountBookQueryDto, AccountBookAnswer>({
    subject: ReportSubjects.accountBook,
    request: AccountBookQueryDto,
    response: 'AccountBookAnswer',
  }),
  progressPayments: defineRpc<ProgressPaymentsQueryDto, ProgressPaymentsAnswer>({
    subject: ReportSubjects.progressPayments,
    request: ProgressPaymentsQueryDto,
    response: 'ProgressPaymentsAnswer',
  }),
  renderReport: defineRpc<RenderReportQueryDto, ReportFileView>({
    subject: ReportSubjects.renderReport,
    request: RenderReportQueryDto,
    response: 'ReportFileView',
  }),
} as const;

export const ReceivablesRpc = {
  aging: defineRpc<ReceivablesAgingQueryDto, ReceivablesAgingAnswer>({
    subject: ReceivablesSubjects.aging,
    request: ReceivablesAgingQueryDto,
    response: 'ReceivablesAgingAnswer',
  }),
  balances: defineRpc<PatientBalancesQueryDto, PatientBalancesAnswer>({
    subject: ReceivablesSubjects.balances,
    request: PatientBalancesQueryDto,
    response: 'PatientBalancesAnswer',
  }),
} as const;

export const PayablesAgingRpc = {
  aging: defineRpc<PayablesAgingQueryDto, PayablesAgingAnswer>({
    subject: PayablesAgingSubjects.aging,
    request: PayablesAgingQueryDto,
    response: 'PayablesAgingAnswer',
  }),
} as const;

export const CaseProfitRpc = {
  caseProfit: defineRpc<CaseProfitQueryDto, CaseProfitAnswer>({
    subject: CaseProfitSubjects.caseProfit,
    request: CaseProfitQueryDto,
    response: 'CaseProfitAnswer',
  }),
} as const;

export const JournalRpc = {
  lines: defineRpc<JournalLinesQueryDto, JournalLinesAnswer>({
    subject: JournalSubjects.lines,
    request: JournalLinesQueryDto,
    response: 'JournalLinesAnswer',
  }),
} as const;
