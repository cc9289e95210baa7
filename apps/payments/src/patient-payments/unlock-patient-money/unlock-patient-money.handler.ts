import {
  CallerContext,
  ClosureView,
  EventEnvelope,
  UnlockPatientMoneyCommand,
  UnlockPatientMoneyResult,
} from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PatientMoney } from '../patient-money';
import { PatientPaymentsSql } from '../patient-payments.sql';

/** Removes a closure's lock under the patient's lock; false when there was none (already unlocked). */
async function unlock(
  em: EntityManager,
  book: PatientMoney,
  organizationId: string,
  patientId: string,
  closureId: string,
): Promise<boolean> {
  const known = await book.lockExisting(em, organizationId, patientId);
  if (known === undefined) return false;
  const removed = await em.execute<{ closure_id: string }[]>(PatientPaymentsSql.removeMoneyLock.text, [
    closureId,
    patientId,
    organizationId,
  ]);
  return removed.length > 0;
}

/** Undo of a closure (or the compensation of a failed one): money dated up to it is open again, idempotently. */
@Injectable()
export class UnlockPatientMoneyHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
  ) {}

  async execute(cmd: UnlockPatientMoneyCommand, caller: CallerContext): Promise<UnlockPatientMoneyResult> {
    const unlocked = await this.em.transactional((em) =>
      unlock(em, this.book, caller.organizationId, cmd.patientId, cmd.closureId),
    );
    return { unlocked };
  }

  // The backup of the synchronous call: a reopened account unlocks even if patient-accounts' call never arrived.
  async onAccountReopened(event: EventEnvelope<ClosureView>, em: EntityManager): Promise<void> {
    const closure = event.payload;
    await unlock(em, this.book, closure.organizationId, closure.patientId, closure.id);
  }
}
