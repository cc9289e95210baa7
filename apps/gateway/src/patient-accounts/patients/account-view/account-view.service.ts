import {
  AccountBasisView,
  AccountSubjects,
  AlertListView,
  AlertView,
  accountSummary,
  CallerContext,
  ClinicSubjects,
  ClinicView,
  CommonErrors,
  ContractPaidView,
  contractReceivables,
  ContractView,
  distributeBalance,
  DomainError,
  FamilyMembersView,
  NotificationSubjects,
  PatientPaymentListView,
  PatientPaymentSubjects,
  PatientPaymentView,
  ReceivedTotalsView,
  totalsByPhysician,
  TreatmentTotalsView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Money } from '@dental/money';
import { Injectable, Logger } from '@nestjs/common';
import { clinicToday } from '../../../work-orders/work-order-details';
import {
  BalanceDistributionView,
  ContractAccountView,
  FamilyAccountView,
  FamilyMemberRow,
  PatientAccountView,
} from './account-view.types';

/** The alerts are a side panel: the page does not wait the full RPC timeout for them. */
const ALERTS_TIMEOUT_MS = 1500;

/**
 * The patient account pages (DOMAIN.md B) composed from the services that keep the facts: treatments, closures,
 * contracts and family from `patient-accounts`, received money from `payments`, alerts from `notifications`. The
 * arithmetic is the shared account-math of @dental/contracts, so the page and the services cannot disagree.
 */
@Injectable()
export class AccountViewService {
  private readonly logger = new Logger(AccountViewService.name);

  constructor(private readonly rpc: RpcClient) {}

  async account(patientId: string, showPaid: boolean, caller: CallerContext): Promise<PatientAccountView> {
    const [basis, payments, alerts] = await Promise.all([
      this.basis(patientId, caller),
      this.payments(patientId, caller),
      this.alerts(patientId, caller),
    ]);
    // The family table waits for the basis's family id: an extra patient read to start it earlier cost more CPU
    // per page than the few milliseconds it saved one client alone.
    const family = basis.patient.familyId ? await this.familyAccount(basis.patient.familyId, caller) : null;
    const currency = basis.patient.currency;
    const money = cutAt(basis.closedThrough, payments);
    const names = new Map(basis.physicians.map((p) => [p.id, p.name]));
    // The parsed answers belong to this request: rows are completed in place (copying 500 rows cost more than the rest).
    const treatments = basis.treatments.map((t) =>
      Object.assign(t, {
        physicianName: t.physicianId === null ? null : (names.get(t.physicianId) ?? null),
        invoiced: t.invoiceId !== null,
      }),
    );
    const listed = <T extends { closed: boolean }>(rows: T[]) => (showPaid ? rows : rows.filter((r) => !r.closed));
    const totals = accountTotals(basis, money, showPaid, names);
    return {
      patient: basis.patient,
      showPaid,
      closedThrough: basis.closedThrough,
      today: basis.today,
      treatments: listed(treatments),
      receivedMoney: listed(money),
      summary: { currency, ...accountSummary(totals.openTreatments, totals.openReceived) },
      balanceDistribution: totals.distribution,
      contracts: basis.contracts.map((c) => withReceivables(c, paidFor(c.id, payments, currency), basis.today)),
      family,
      alerts: alerts ?? [],
      alertsUnavailable: alerts === null,
      closures: basis.closures,
    };
  }

  /** The balance distribution alone: over the open part, or all of the account with showPaid. */
  async balanceDistribution(
    patientId: string,
    showPaid: boolean,
    caller: CallerContext,
  ): Promise<BalanceDistributionView> {
    const [basis, payments] = await Promise.all([this.basis(patientId, caller), this.payments(patientId, caller)]);
    const names = new Map(basis.physicians.map((p) => [p.id, p.name]));
    return { items: accountTotals(basis, cutAt(basis.closedThrough, payments), showPaid, names).distribution };
  }

  /** A contract with its receivables: the money marked for it covers the installments oldest first. */
  async contract(contract: ContractView, caller: CallerContext): Promise<ContractAccountView> {
    const [paid, clinic] = await Promise.all([
      this.rpc.request<ContractPaidView>(
        PatientPaymentSubjects.contractPaid,
        { patientId: contract.patientId, contractIds: [contract.id] },
        caller,
      ),
      this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId: contract.clinicId }, caller),
    ]);
    const paidAmount = paid.items.find((i) => i.contractId === contract.id)?.paidAmount ?? '0';
    return withReceivables(contract, Money.parse(paidAmount, contract.currency), clinicToday(clinic.timeZone));
  }

  /** The family table: each member's open treatments, received, unpaid or received more, and the family total. */
  async familyAccount(familyId: string, caller: CallerContext): Promise<FamilyAccountView> {
    const { family, members } = await this.rpc.request<FamilyMembersView>(AccountSubjects.family, { familyId }, caller);
    if (members.length === 0) return { family, members: [], totals: [] };
    const patientIds = members.map((m) => m.id);
    const [treatments, received] = await Promise.all([
      this.rpc.request<TreatmentTotalsView>(AccountSubjects.treatmentTotals, { patientIds }, caller),
      this.rpc.request<ReceivedTotalsView>(PatientPaymentSubjects.receivedTotals, { patientIds }, caller),
    ]);
    const treatmentOf = new Map(treatments.items.map((t) => [t.patientId, t]));
    const receivedOf = new Map(received.items.map((r) => [r.patientId, r]));
    const rows: FamilyMemberRow[] = [];
    const byCurrency = new Map<string, { treatments: Money; received: Money }>();
    for (const m of members) {
      const t = treatmentOf.get(m.id);
      if (!t) continue; // a member in a clinic the caller may not see
      const treatmentTotal = Money.parse(t.openTreatmentTotal, t.currency);
      const receivedTotal = Money.parse(receivedOf.get(m.id)?.openReceived ?? '0', t.currency);
      rows.push({
        patientId: m.id,
        firstName: m.firstName,
        lastName: m.lastName,
        currency: t.currency,
        ...accountSummary(treatmentTotal, receivedTotal),
      });
      const sum = byCurrency.get(t.currency) ?? {
        treatments: Money.zero(t.currency),
        received: Money.zero(t.currency),
      };
      byCurrency.set(t.currency, {
        treatments: sum.treatments.plus(treatmentTotal),
        received: sum.received.plus(receivedTotal),
      });
    }
    const totals = [...byCurrency].map(([currency, s]) => ({ currency, ...accountSummary(s.treatments, s.received) }));
    return { family, members: rows, totals };
  }

  private basis(patientId: string, caller: CallerContext): Promise<AccountBasisView> {
    return this.rpc.request<AccountBasisView>(AccountSubjects.accountBasis, { patientId }, caller);
  }

  private async payments(patientId: string, caller: CallerContext): Promise<PatientPaymentView[]> {
    return (await this.rpc.request<PatientPaymentListView>(PatientPaymentSubjects.list, { patientId }, caller)).items;
  }

  /** null when notifications cannot answer now: the account page is still served, flagged `alertsUnavailable`. */
  private async alerts(patientId: string, caller: CallerContext): Promise<AlertView[] | null> {
    try {
      const answer = await this.rpc.request<AlertListView>(
        NotificationSubjects.listAlerts,
        { patientId },
        caller,
        ALERTS_TIMEOUT_MS,
      );
      return answer.items;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === CommonErrors.UNAVAILABLE)) {
        this.logger.warn({ err: e, patientId }, 'alerts could not be read; the account is served without them');
      }
      return null;
    }
  }
}

/**
 * The open part's totals (the summary) and the balance distribution (open part, or everything with showPaid), each
 * amount parsed once: the open per-physician totals give the summary's treatment total too.
 */
function accountTotals(
  basis: AccountBasisView,
  money: readonly PatientPaymentView[],
  showPaid: boolean,
  names: ReadonlyMap<string, string>,
) {
  const currency = basis.patient.currency;
  const openByPhysician = totalsByPhysician(
    basis.treatments.filter((t) => !t.closed),
    names,
    currency,
  );
  const openReceived = sumOf(
    money.filter((p) => !p.closed),
    currency,
  );
  return {
    openTreatments: Money.sum(
      openByPhysician.map((t) => t.treatmentAmount),
      currency,
    ),
    openReceived,
    distribution: showPaid
      ? distributeBalance(totalsByPhysician(basis.treatments, names, currency), sumOf(money, currency))
      : distributeBalance(openByPhysician, openReceived),
  };
}

/** One cut date for the whole page (the basis's), so money and treatments are closed through the same day. */
function cutAt(closedThrough: string | null, payments: PatientPaymentView[]): PatientPaymentView[] {
  for (const p of payments) p.closed = closedThrough !== null && p.date <= closedThrough;
  return payments;
}

function sumOf(rows: readonly { amount: string }[], currency: string): Money {
  return Money.sum(
    rows.map((r) => Money.parse(r.amount, currency)),
    currency,
  );
}

/** What was received for a contract: every record marked for it, closed or not (a refund counts negative). */
function paidFor(contractId: string, payments: readonly PatientPaymentView[], currency: string): Money {
  return sumOf(
    payments.filter((p) => p.contractId === contractId),
    currency,
  );
}

function withReceivables(contract: ContractView, paid: Money, today: string): ContractAccountView {
  const { schedule, ...rest } = contract;
  return { ...rest, paidAmount: paid.toDecimal(), ...contractReceivables(schedule, paid, today) };
}
