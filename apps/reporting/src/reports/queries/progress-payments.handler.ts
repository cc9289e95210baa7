import { CallerContext, ProgressPaymentRow, ProgressPaymentsAnswer, ProgressPaymentsQueryDto } from '@dental/contracts';
import { Money, Percent } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
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
 * Progress Payment (DOMAIN.md B): per physician, the sum of their pay splits of money dated in the period (refunds
 * split negatively), and what they earned with their commission percent. Every known physician of the clinic is
 * listed (0.00 when nothing was collected), then physicians known only from splits (named by id); splits of
 * treatments with no physician form a "Clinic" row, last.
 */
@Injectable()
export class ProgressPaymentsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ReportClinics,
  ) {}

  async execute(query: ProgressPaymentsQueryDto, caller: CallerContext): Promise<ProgressPaymentsAnswer> {
    checkPeriod(query.from, query.to);
    const clinic = await this.clinics.visible(this.em, caller, query.clinicId);
    const period = periodCondition('p.date', query.from, query.to);
    const collected = await this.em.execute<CollectedRow[]>(
      `select s."physicianId" as physician_id, sum(s.amount)::text as collected
       from report_patient_payment p
       cross join lateral jsonb_to_recordset(p.splits) as s("physicianId" uuid, amount bigint)
       where p.organization_id = ? and p.clinic_id = ? and not p.deleted and ${period.sql}
         ${query.physicianId ? 'and s."physicianId" = ?' : ''}
       group by 1`,
      [caller.organizationId, clinic.id, ...period.params, ...(query.physicianId ? [query.physicianId] : [])],
    );
    const physicians = await this.em.execute<PhysicianRow[]>(
      `select id, name, commission_percent from report_physician
       where organization_id = ? and clinic_id = ? ${query.physicianId ? 'and id = ?' : ''}`,
      [caller.organizationId, clinic.id, ...(query.physicianId ? [query.physicianId] : [])],
    );
    const currency = clinic.currency;
    const sums = new Map(collected.map((c) => [c.physician_id, Money.of(BigInt(c.collected), currency)]));
    const zero = Money.zero(currency);
    const rows: ProgressPaymentRow[] = physicians
      .map((p) => row(p.id, p.name, sums.get(p.id) ?? zero, p.commission_percent))
      .sort((a, b) => byName.compare(a.name, b.name) || (a.physicianId! < b.physicianId! ? -1 : 1));
    const known = new Set(physicians.map((p) => p.id));
    // physicians whose event has not arrived yet: after the named ones, by id, without a commission
    const unknown = [...sums.keys()].filter((id): id is string => id !== null && !known.has(id)).sort();
    for (const id of unknown) rows.push(row(id, id, sums.get(id)!, null));
    const unassigned = sums.get(null);
    if (unassigned && !query.physicianId) rows.push(row(null, CLINIC_ROW_NAME, unassigned, null));
    return {
      clinicId: clinic.id,
      clinicName: clinic.name,
      locale: reportLocaleOf(clinic),
      currency,
      from: query.from ?? null,
      to: query.to ?? null,
      items: rows,
      totals: {
        collectedAmount: Money.sum(
          rows.map((r) => Money.parse(r.collectedAmount, currency)),
          currency,
        ).toDecimal(),
        earnedAmount: Money.sum(
          rows.map((r) => Money.parse(r.earnedAmount, currency)),
          currency,
        ).toDecimal(),
      },
    };
  }
}

function row(physicianId: string | null, name: string, collected: Money, percent: string | null): ProgressPaymentRow {
  const commission = percent === null ? null : Percent.parse(percent);
  return {
    physicianId,
    name,
    collectedAmount: collected.toDecimal(),
    commissionPercent: commission === null ? null : commission.toDecimal(),
    earnedAmount: (commission === null ? collected : collected.percent(commission)).toDecimal(),
  };
}
