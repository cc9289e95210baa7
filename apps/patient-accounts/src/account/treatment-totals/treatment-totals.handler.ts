import { CallerContext, callerMaySeeClinic, TreatmentTotalsQuery, TreatmentTotalsView } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

// One statement for any number of patients: open part = treatments dated after the latest closure.
const TOTALS = `select p.id as patient_id, p.clinic_id, c.currency, ct.through::text as closed_through,
    coalesce(sum(t.amount_minor) filter (where ct.through is null or t.date > ct.through), 0)::text as open_minor
  from patient p
  join clinic c on c.id = p.clinic_id
  left join lateral (select max(date) as through from account_closure where patient_id = p.id) ct on true
  left join treatment t on t.patient_id = p.id and t.deleted_at is null
  where p.organization_id = ? and p.id in (select value::uuid from json_array_elements_text(?::json))
  group by p.id, p.clinic_id, c.currency, ct.through
  order by p.id`;

/** Open treatment totals of many patients (family account, alert auto-close); unknown or invisible ones left out. */
@Injectable()
export class TreatmentTotalsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: TreatmentTotalsQuery, caller: CallerContext): Promise<TreatmentTotalsView> {
    const rows = await this.em.execute<
      { patient_id: string; clinic_id: string; currency: string; closed_through: string | null; open_minor: string }[]
    >(TOTALS, [caller.organizationId, JSON.stringify([...new Set(q.patientIds)])]);
    return {
      items: rows
        .filter((r) => callerMaySeeClinic(caller, r.clinic_id))
        .map((r) => ({
          patientId: r.patient_id,
          currency: r.currency,
          openTreatmentTotal: Money.of(BigInt(r.open_minor), r.currency).toDecimal(),
          closedThrough: r.closed_through,
        })),
    };
  }
}
