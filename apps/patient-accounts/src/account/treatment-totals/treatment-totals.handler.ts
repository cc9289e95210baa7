import { CallerContext, callerMaySeeClinic, TreatmentTotalsQuery, TreatmentTotalsView } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AccountSql } from '../account.sql';

/** Open treatment totals of many patients (family account, alert auto-close); unknown or invisible ones left out. */
@Injectable()
export class TreatmentTotalsHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: TreatmentTotalsQuery, caller: CallerContext): Promise<TreatmentTotalsView> {
    const rows = await this.em.execute<
      { patient_id: string; clinic_id: string; currency: string; closed_through: string | null; open_minor: string }[]
    >(AccountSql.treatmentTotals.text, [caller.organizationId, JSON.stringify([...new Set(q.patientIds)])]);
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
