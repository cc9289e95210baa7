import { CallerContext, LockPatientMoneyCommand, LockPatientMoneyResult } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PatientMoney } from '../patient-money';

/**
 * Close account, step one (called by patient-accounts before it stores the closure): from now on money dated on or
 * before `through` is refused. Idempotent by closure id (a retry answers the same sums). Answers every record of the
 * patient dated on or before the lock's date and their bank costs, summed under the patient's lock so no payment can
 * slip in between: the closure counts the Bank Cost treatments from here, not from events it may not have seen yet.
 */
@Injectable()
export class LockPatientMoneyHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
  ) {}

  async execute(cmd: LockPatientMoneyCommand, caller: CallerContext): Promise<LockPatientMoneyResult> {
    const { patient } = await this.book.basis(caller, cmd.patientId);
    return this.em.transactional(async (em) => {
      await this.book.lockPatient(em, caller.organizationId, patient.id);
      await em.execute(
        `insert into patient_money_lock (closure_id, patient_id, organization_id, through) values (?, ?, ?, ?)
         on conflict (closure_id) do nothing`,
        [cmd.closureId, patient.id, caller.organizationId, cmd.through],
      );
      const [row] = await em.execute<{ received_minor: string; bank_cost_minor: string }[]>(
        `select coalesce(sum(p.amount_minor), 0)::text as received_minor,
                coalesce(sum(p.bank_cost_minor), 0)::text as bank_cost_minor
           from patient_money_lock l
           left join patient_payment p on p.patient_id = l.patient_id and p.organization_id = l.organization_id
                                      and p.deleted_at is null and p.date <= l.through
          where l.closure_id = ? and l.patient_id = ? and l.organization_id = ?`,
        [cmd.closureId, patient.id, caller.organizationId],
      );
      const decimal = (minor: string | undefined) => Money.of(BigInt(minor ?? '0'), patient.currency).toDecimal();
      return { receivedThrough: decimal(row?.received_minor), bankCostThrough: decimal(row?.bank_cost_minor) };
    });
  }
}
