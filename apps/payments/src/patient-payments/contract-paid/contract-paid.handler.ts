import { CallerContext, ContractPaidQuery, ContractPaidView } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { visibleClinicsSql } from '../patient-money';
import { PatientPaymentsSql } from '../patient-payments.sql';

/** What the patient's payments marked for each contract add up to (refunds marked for it count negative). */
@Injectable()
export class ContractPaidHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(q: ContractPaidQuery, caller: CallerContext): Promise<ContractPaidView> {
    if (!q.contractIds.length) return { items: [] };
    const clinics = visibleClinicsSql(caller);
    const rows = await this.em.execute<{ contract_id: string | null; currency: string; paid_minor: string }[]>(
      PatientPaymentsSql.contractPaid.build(clinics.sql),
      [caller.organizationId, q.patientId, ...clinics.params, JSON.stringify(q.contractIds)],
    );
    // the row without a contract only tells the patient's currency, so that nothing paid reads "0.00"
    const currency = rows[0]?.currency ?? null;
    const paid = new Map(rows.filter((r) => r.contract_id !== null).map((r) => [r.contract_id, r.paid_minor]));
    return {
      items: q.contractIds.map((contractId) => ({
        contractId,
        paidAmount:
          currency === null ? '0' : Money.of(BigInt(paid.get(contractId.toLowerCase()) ?? '0'), currency).toDecimal(),
      })),
    };
  }
}
