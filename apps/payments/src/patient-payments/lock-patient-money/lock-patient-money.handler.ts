import {
  CallerContext,
  callerMaySeeClinic,
  CommonErrors,
  DomainError,
  LockPatientMoneyCommand,
  LockPatientMoneyResult,
  PatientErrors,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Clinic } from '../../clinics/clinic.entity';
import { PatientAccountsCopy } from '../../neighbours/patient-accounts-copy';
import { PatientMoney } from '../patient-money';
import { PatientPaymentsSql } from '../patient-payments.sql';

/**
 * Close account, step one (called by patient-accounts before it stores the closure): from now on money dated on or
 * before `through` is refused. Idempotent by closure id (a retry answers the same sums). Answers every record of the
 * patient dated on or before the lock's date and their bank costs, summed under the patient's lock so no payment can
 * slip in between: the closure counts the Bank Cost treatments from here, not from events it may not have seen yet.
 *
 * It never asks patient-accounts back (that would be a synchronous cycle: patient-accounts is waiting for this
 * answer). The patient's clinic comes with the command; from a caller that does not send it, from payments' copy of
 * patient-accounts' events, else from the patient's own money records here; the currency from payments' clinic row.
 */
@Injectable()
export class LockPatientMoneyHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
    private readonly copy: PatientAccountsCopy,
  ) {}

  async execute(cmd: LockPatientMoneyCommand, caller: CallerContext): Promise<LockPatientMoneyResult> {
    const { currency } = await this.patientFacts(cmd, caller);
    return this.em.transactional(async (em) => {
      // the patient_money row's organization must be the caller's (404 otherwise)
      await this.book.lockPatient(em, caller.organizationId, cmd.patientId);
      await em.execute(PatientPaymentsSql.lockMoneyThrough.text, [
        cmd.closureId,
        cmd.patientId,
        caller.organizationId,
        cmd.through,
      ]);
      const [row] = await em.execute<{ received_minor: string; bank_cost_minor: string }[]>(
        PatientPaymentsSql.sumsThroughLock.text,
        [cmd.closureId, cmd.patientId, caller.organizationId],
      );
      const decimal = (minor: string | undefined) => Money.of(BigInt(minor ?? '0'), currency).toDecimal();
      return { receivedThrough: decimal(row?.received_minor), bankCostThrough: decimal(row?.bank_cost_minor) };
    });
  }

  /** The patient's clinic and currency without asking patient-accounts; another organization's or invisible: 404. */
  private async patientFacts(
    cmd: LockPatientMoneyCommand,
    caller: CallerContext,
  ): Promise<{ clinicId: string; currency: string }> {
    const notFound = () => DomainError.notFound(PatientErrors.PATIENT_NOT_FOUND, 'patient', cmd.patientId);
    const known = await this.copy.patient(this.em, cmd.patientId);
    if (known && known.organizationId !== caller.organizationId) throw notFound();
    let clinicId = cmd.clinicId ?? known?.clinicId;
    if (!clinicId) {
      const [own] = await this.em.execute<{ organization_id: string; clinic_id: string }[]>(
        PatientPaymentsSql.firstPaymentOfPatient.text,
        [cmd.patientId],
      );
      if (own && own.organization_id !== caller.organizationId) throw notFound();
      clinicId = own?.clinic_id;
    }
    if (!clinicId) {
      throw new DomainError(
        CommonErrors.UNAVAILABLE,
        503,
        `payments does not know patient ${cmd.patientId} yet and the lock names no clinic: try again`,
      );
    }
    if (!callerMaySeeClinic(caller, clinicId)) throw notFound();
    const clinic = await this.em.findOne(Clinic, { id: clinicId, organizationId: caller.organizationId });
    if (!clinic) throw notFound();
    return { clinicId, currency: clinic.currency };
  }
}
