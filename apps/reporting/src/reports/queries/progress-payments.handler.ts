import { CallerContext, ProgressPaymentRow, ProgressPaymentsAnswer, ProgressPaymentsQueryDto } from '@dental/contracts';
import { Money, Percent } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportsSql } from '../reports.sql';
import { PerPhysician, ProgressBases } from '../../progress/progress-bases';
import { progressFigures } from '../../progress/progress-rule';
import { checkPeriod, periodCondition, ReportClinics, reportLocaleOf } from './report-clinic';

export const CLINIC_ROW_NAME = 'Clinic';
const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

interface CollectedRow {
  physician_id: string | null;
  collected: string;
}

interface PhysicianRow {
  id: string;
  name: string;
  commission_percent: string | null;
}

/**
 * Progress Payment (DOMAIN.md B, D): per physician, the sum of their pay splits of money dated in the period
 * (refunds split negatively: `collectedAmount`, whatever the mode), the base of the clinic's mode (collections = the
 * same splits, treatments = their treatments performed in the period, registered = money received in the period on
 * their behalf), the clinic's cost percentage of the base, the lab fees linked to their treatments in the period, and
 * what they earned: (base − cost − lab fees) × their commission percent (progressFigures). Every known physician of
 * the clinic is listed (0.00 when nothing counted), then physicians known only from the figures (named by id); what
 * is no physician's (splits of treatments with no physician, Bank Cost treatments, money on nobody's behalf) forms a
 * "Clinic" row, last.
 */
@Injectable()
export class ProgressPaymentsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ReportClinics,
    private readonly bases: ProgressBases,
  ) {}

  async execute(query: ProgressPaymentsQueryDto, caller: CallerContext): Promise<ProgressPaymentsAnswer> {
    checkPeriod(query.from, query.to);
    const clinic = await this.clinics.visible(this.em, caller, query.clinicId);
    const period = periodCondition('p.date', query.from, query.to);
    const collected = await this.em.execute<CollectedRow[]>(
      ReportsSql.collected.build(period.sql, Boolean(query.physicianId)),
      [caller.organizationId, clinic.id, ...period.params, ...(query.physicianId ? [query.physicianId] : [])],
    );
    const physicians = await this.em.execute<PhysicianRow[]>(ReportsSql.physicians.build(Boolean(query.physicianId)), [
      caller.organizationId,
      clinic.id,
      ...(query.physicianId ? [query.physicianId] : []),
    ]);
    const currency = clinic.currency;
    const sums: PerPhysician = new Map(collected.map((c) => [c.physician_id, Money.of(BigInt(c.collected), currency)]));
    const settings = await this.bases.settings(this.em, caller.organizationId, clinic.id);
    const asked = { from: query.from, to: query.to, physicianId: query.physicianId };
    const base =
      settings.mode === 'collections'
        ? sums
        : await this.bases.base(this.em, settings.mode, caller.organizationId, clinic.id, currency, asked);
    const fees = await this.bases.labFees(this.em, caller.organizationId, clinic.id, currency, asked);
    const zero = Money.zero(currency);
    const row = (physicianId: string | null, name: string, percent: string | null): ProgressPaymentRow => {
      const commission = percent === null ? null : Percent.parse(percent);
      const baseAmount = base.get(physicianId) ?? zero;
      const labFees = fees.get(physicianId) ?? zero;
      const f = progressFigures(baseAmount, settings.costPercent, labFees, commission);
      return {
        physicianId,
        name,
        collectedAmount: (sums.get(physicianId) ?? zero).toDecimal(),
        baseAmount: baseAmount.toDecimal(),
        costAmount: f.cost.toDecimal(),
        labFeeAmount: labFees.toDecimal(),
        netAmount: f.net.toDecimal(),
        commissionPercent: commission === null ? null : commission.toDecimal(),
        earnedAmount: f.earned.toDecimal(),
      };
    };
    const rows: ProgressPaymentRow[] = physicians
      .map((p) => row(p.id, p.name, p.commission_percent))
      .sort((a, b) => byName.compare(a.name, b.name) || (a.physicianId! < b.physicianId! ? -1 : 1));
    const known = new Set(physicians.map((p) => p.id));
    // physicians whose event has not arrived yet: after the named ones, by id, without a commission
    const seen = new Set([...sums.keys(), ...base.keys(), ...fees.keys()]);
    const unknown = [...seen].filter((id): id is string => id !== null && !known.has(id)).sort();
    for (const id of unknown) rows.push(row(id, id, null));
    if (seen.has(null) && !query.physicianId) rows.push(row(null, CLINIC_ROW_NAME, null));
    const total = (pick: (r: ProgressPaymentRow) => string) =>
      Money.sum(
        rows.map((r) => Money.parse(pick(r), currency)),
        currency,
      ).toDecimal();
    return {
      clinicId: clinic.id,
      clinicName: clinic.name,
      locale: reportLocaleOf(clinic),
      currency,
      from: query.from ?? null,
      to: query.to ?? null,
      mode: settings.mode,
      costPercent: settings.costPercent.toDecimal(),
      items: rows,
      totals: {
        collectedAmount: total((r) => r.collectedAmount),
        baseAmount: total((r) => r.baseAmount),
        costAmount: total((r) => r.costAmount),
        labFeeAmount: total((r) => r.labFeeAmount),
        netAmount: total((r) => r.netAmount),
        earnedAmount: total((r) => r.earnedAmount),
      },
    };
  }
}
