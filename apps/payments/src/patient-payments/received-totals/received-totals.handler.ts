import { CallerContext, ReceivedTotalsQuery, ReceivedTotalsView } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { visibleClinicsSql } from '../patient-money';
import { PatientPaymentsSql } from '../patient-payments.sql';

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
    const rows = await this.em.execute<Row[]>(PatientPaymentsSql.receivedTotals.build(clinics.sql), [
      JSON.stringify(q.patientIds),
      caller.organizationId,
      caller.organizationId,
      ...clinics.params,
    ]);
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
