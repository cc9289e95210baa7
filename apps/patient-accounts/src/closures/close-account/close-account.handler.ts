import {
  AccountErrors,
  CallerContext,
  ClosureView,
  CloseAccountCommand,
  CommonErrors,
  correctionOf,
  DomainError,
  LockPatientMoneyCommand,
  LockPatientMoneyResult,
  PatientPaymentSubjects,
  AccountEventContracts,
} from '@dental/contracts';
import { Outbox, RpcClient } from '@dental/messaging';
import { Money } from '@dental/money';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClinicCalendar } from '../../clinic-calendar/clinic-calendar';
import { clinicCurrency, findPatient } from '../../patients/patient-lookup';
import { recordAudit } from '../../audit-trail/record-audit';
import { AccountClosure, closureFields } from '../account-closure.entity';
import { closedThrough } from '../closed-through';
import { ClosuresSql } from '../closures.sql';

function notAfterLatest(date: string, latest: string | null): void {
  if (latest !== null && date <= latest)
    throw new DomainError(
      AccountErrors.CLOSURE_NOT_AFTER_LATEST,
      409,
      `the account is already closed through ${latest}: a new closure must be dated after it (got ${date})`,
      { field: 'date', closedThrough: latest },
    );
}

/** The through date D: today for "now"; for "past" the given date, not after today. */
function throughDate(cmd: CloseAccountCommand, today: string): string {
  if (cmd.mode === 'now') {
    if (cmd.date !== undefined && cmd.date !== null)
      throw new DomainError(CommonErrors.VALIDATION, 400, 'date: date is only given with mode "past"', [
        { field: 'date', reasons: ['date is only given with mode "past"'] },
      ]);
    return today;
  }
  const date = cmd.date!;
  if (date > today)
    throw new DomainError(
      AccountErrors.CLOSURE_DATE_INVALID,
      422,
      `date: a past closure cannot be dated after today (${today}), got ${date}`,
      [{ field: 'date', reasons: [`must not be after today (${today})`] }],
    );
  return date;
}

/**
 * Close the account through D (DOMAIN.md B, Close account). payments is asked first, synchronously, to refuse money
 * dated ≤ D from then on and to say how much was received (and charged as bank cost) up to D; then, in one
 * transaction with the patient row locked, the closure and its event are stored. If that fails, the lock is released
 * again (compensation).
 */
@Injectable()
export class CloseAccountHandler {
  private readonly log = new Logger(CloseAccountHandler.name);

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly rpc: RpcClient,
    private readonly calendar: ClinicCalendar,
  ) {}

  async execute(cmd: CloseAccountCommand, caller: CallerContext): Promise<ClosureView> {
    const patient = await findPatient(this.em, caller, cmd.patientId);
    const date = throughDate(cmd, await this.calendar.today(patient.clinicId, caller));
    notAfterLatest(date, await closedThrough(this.em, patient.id));
    const currency = await clinicCurrency(this.em, patient.clinicId);

    const closureId = randomUUID();
    // the patient's clinic and currency go with the command, so payments never asks this service back (no cycle)
    const lockCommand: LockPatientMoneyCommand = {
      patientId: patient.id,
      closureId,
      through: date,
      clinicId: patient.clinicId,
      currency,
    };
    const lock = await this.rpc.request<LockPatientMoneyResult>(PatientPaymentSubjects.lockMoney, lockCommand, caller);
    try {
      return await this.em.transactional(async (em) => {
        const p = await findPatient(em, caller, patient.id, true);
        notAfterLatest(date, await closedThrough(em, p.id)); // another closure may have won the race
        await assertPeriodOpen(em, p.organizationId, p.clinicId, [date]);
        // Bank Cost treatments are left out here and counted from payments' answer: their payment events may not
        // have been consumed yet, and payments' figure is the one the closed part ends up holding
        const [sums] = await em.execute<{ treatments: string; written_off: string }[]>(ClosuresSql.closureSums.text, [
          p.id,
          date,
          p.id,
        ]);
        const treatments = Money.of(BigInt(sums.treatments), currency).plus(
          Money.parse(lock.bankCostThrough, currency),
        );
        const received = Money.parse(lock.receivedThrough, currency);
        // the open part up to D: everything up to D less what earlier closures already wrote off
        const writtenOff = treatments.minus(received).minus(Money.of(BigInt(sums.written_off), currency));
        const closure = em.create(AccountClosure, {
          id: closureId,
          organizationId: p.organizationId,
          clinicId: p.clinicId,
          patientId: p.id,
          mode: cmd.mode,
          date,
          currency,
          treatmentTotalMinor: treatments.minor,
          receivedTotalMinor: received.minor,
          writtenOffMinor: writtenOff.minor,
          createdBy: caller.userId,
        });
        return this.outbox.recordChange(em, {
          snapshot: closure.toView(),
          correction: correctionOf(cmd),
          audit: (view, correction) =>
            recordAudit(em, caller, {
              subject: 'closure',
              record: closure,
              action: 'created',
              before: null,
              after: closureFields(view),
              correction,
            }),
          event: { event: AccountEventContracts.accountClosed, organizationId: p.organizationId, clinicId: p.clinicId },
        }).snapshot;
      });
    } catch (e) {
      await this.releaseLock(
        {
          id: closureId,
          patientId: patient.id,
          organizationId: patient.organizationId,
          clinicId: patient.clinicId,
          mode: cmd.mode,
          date,
          treatmentTotal: '0.00',
          receivedTotal: lock.receivedThrough,
          writtenOffAmount: '0.00',
          currency,
          createdAt: new Date().toISOString(),
          createdBy: caller.userId,
        },
        caller,
      );
      throw e;
    }
  }

  /**
   * Compensation: unlock now; if payments cannot be reached, the reopened event of the closure that was never stored
   * (its totals left at 0) makes payments unlock later (idempotent).
   */
  private async releaseLock(never: ClosureView, caller: CallerContext): Promise<void> {
    try {
      await this.rpc.request(
        PatientPaymentSubjects.unlockMoney,
        { patientId: never.patientId, closureId: never.id },
        caller,
      );
    } catch (e) {
      this.log.warn(`unlock of closure ${never.id} failed (${(e as Error).message}); left to the reopened event`);
      await this.em.fork().transactional(async (em) => {
        this.outbox.add(em, {
          event: AccountEventContracts.accountReopened,
          organizationId: never.organizationId,
          clinicId: never.clinicId,
          payload: never,
        });
      });
    }
  }
}
