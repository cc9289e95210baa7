import { DEFAULT_PROGRESS_SETTINGS, PROGRESS_MODES, ProgressMode } from '@dental/contracts';
import { Money, Percent } from '@dental/money';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { LabCases } from '../case-profit/lab-cases';
import { labFeeParts } from '../case-profit/lab-fees';
import { periodCondition } from '../reports/queries/report-clinic';
import { ProgressSql } from './progress.sql';

export interface ProgressSettingsFacts {
  mode: ProgressMode;
  costPercent: Percent;
}

export interface ProgressPeriod {
  from?: string;
  to?: string;
  physicianId?: string;
}

/** Sums per physician; null = the Clinic row (no physician). */
export type PerPhysician = Map<string | null, Money>;

/**
 * What the Progress Payment modes (DOMAIN.md D) need besides the pay splits: the clinic's setting, each physician's
 * base in the `treatments` and `registered` modes from the patient ledger (`ledger_treatment`, `ledger_received`),
 * and the lab fees linked to their treatments in the period (LabCases).
 */
@Injectable()
export class ProgressBases {
  constructor(private readonly cases: LabCases) {}

  /** The clinic's setting at its newest revision; collections and 0 % until one arrives. */
  async settings(em: EntityManager, organizationId: string, clinicId: string): Promise<ProgressSettingsFacts> {
    const [row] = await em.execute<{ mode: string; cost_percent: string }[]>(ProgressSql.setting.text, [
      clinicId,
      organizationId,
    ]);
    const mode = (PROGRESS_MODES as readonly string[]).includes(row?.mode ?? '')
      ? (row!.mode as ProgressMode)
      : DEFAULT_PROGRESS_SETTINGS.mode;
    return { mode, costPercent: Percent.parse(row?.cost_percent ?? DEFAULT_PROGRESS_SETTINGS.costPercent) };
  }

  /**
   * `treatments`: the physician's treatments performed in the period (Bank Cost treatments, with no physician, form
   * the Clinic row). `registered`: money received in the period recorded on the physician's behalf, signed (a refund
   * lowers it), net of its bank cost (the clinic's expense, DOMAIN.md B, never a physician's); money recorded on
   * nobody's behalf forms the Clinic row.
   */
  async base(
    em: EntityManager,
    mode: Exclude<ProgressMode, 'collections'>,
    organizationId: string,
    clinicId: string,
    currency: string,
    period: ProgressPeriod,
  ): Promise<PerPhysician> {
    const dated = periodCondition('date', period.from, period.to);
    const rows = await em.execute<{ physician_id: string | null; amount: string }[]>(
      ProgressSql.base.build(mode, dated.sql, Boolean(period.physicianId)),
      [organizationId, clinicId, ...dated.params, ...(period.physicianId ? [period.physicianId] : [])],
    );
    return new Map(rows.map((r) => [r.physician_id, Money.of(BigInt(r.amount), currency)]));
  }

  /**
   * The lab fees of the period per physician: every lab case (work order not cancelled) with a linked treatment
   * performed in the period has its cost split over all its live linked treatments by amount (labFeeParts); the
   * parts of the treatments performed in the period count, for each treatment's physician, on its date.
   */
  async labFees(
    em: EntityManager,
    organizationId: string,
    clinicId: string,
    currency: string,
    period: ProgressPeriod,
  ): Promise<PerPhysician> {
    const cases = await this.cases.of(em, organizationId, clinicId, currency, {
      treatedFrom: period.from,
      treatedTo: period.to,
      physicianId: period.physicianId,
    });
    const fees: PerPhysician = new Map();
    for (const c of cases) {
      for (const part of labFeeParts(c.cost, c.treatments)) {
        if ((period.from && part.date < period.from) || (period.to && part.date > period.to)) continue;
        if (period.physicianId && part.physicianId !== period.physicianId) continue;
        fees.set(part.physicianId, (fees.get(part.physicianId) ?? Money.zero(currency)).plus(part.fee));
      }
    }
    return fees;
  }
}
