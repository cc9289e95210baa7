import { CallerContext, ReceivedTotalsQuery, ReceivedTotalsView } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { visibleClinicsSql } from '../patient-money';

interface Row {
  patient_id: string;
  currency: string | null;
  closed_through: string | null;
  open_minor: string | null;
  closed_minor: string | null;
}

/**
 * Money received per patient, split at the patient's lock (closed part = dated on or before it), for the family
 * account and the alerts. One item per requested patient, in the order asked; none stored → currency null, "0".
 */
@Injectable()
export class ReceivedTotalsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: ReceivedTotalsQuery, caller: CallerContext): Promise<ReceivedTotalsView> {
    const clinics = visibleClinicsSql(caller, 'p.clinic_id');
    const rows = await this.em.execute<Row[]>(
      `with asked as (select distinct (json_array_elements_text(?::json))::uuid as patient_id),
            locks as (select l.patient_id, max(l.through) as through from patient_money_lock l
                        join asked a on a.patient_id = l.patient_id where l.organization_id = ? group by l.patient_id),
            sums as (select p.patient_id, min(p.currency) as currency,
                            sum(p.amount_minor) filter (where k.through is null or p.date > k.through)::text as open_minor,
                            sum(p.amount_minor) filter (where p.date <= k.through)::text as closed_minor
                       from patient_payment p join asked a on a.patient_id = p.patient_id
                       left join locks k on k.patient_id = p.patient_id
                      where p.organization_id = ? and p.deleted_at is null${clinics.sql}
                      group by p.patient_id)
       select a.patient_id, s.currency, k.through::text as closed_through, s.open_minor, s.closed_minor
         from asked a left join sums s on s.patient_id = a.patient_id left join locks k on k.patient_id = a.patient_id`,
      [JSON.stringify(q.patientIds), caller.organizationId, caller.organizationId, ...clinics.params],
    );
    const byPatient = new Map(rows.map((r) => [r.patient_id, r]));
    return {
      items: q.patientIds.map((patientId) => {
        const r = byPatient.get(patientId.toLowerCase());
        const currency = r?.currency ?? null;
        const amount = (minor: string | null | undefined) =>
          currency === null ? '0' : Money.of(BigInt(minor ?? '0'), currency).toDecimal();
        return {
          patientId,
          currency,
          openReceived: amount(r?.open_minor),
          closedReceived: amount(r?.closed_minor),
          closedThrough: r?.closed_through ?? null,
        };
      }),
    };
  }
}
