import {
  Correction,
  AccountErrors,
  AccountSubjects,
  CallerContext,
  callerMaySeeClinic,
  ClinicErrors,
  CommonErrors,
  DistributionBasisView,
  DomainError,
  PatientErrors,
  PatientPaymentErrors,
  PatientPaymentRefDto,
  PatientPaymentSplitView,
  PatientPaymentView,
  PatientPaymentEventContracts,
  EventContract,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Money } from '@dental/money';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditAction } from '../audit-trail/audit-entry.entity';
import { AuditTrail } from '../audit-trail/audit-trail';
import { StoredMoney } from './bank-charge';
import { Clinic } from '../clinics/clinic.entity';
import { BASIS_TIMEOUT_MS } from '../neighbours/neighbours.module';
import { PatientAccountsCopy } from '../neighbours/patient-accounts-copy';
import { paySplit } from './pay-split';
import { PATIENT_PAYMENT, PatientPayment } from './patient-payment.entity';
import { PatientPaymentsSql } from './patient-payments.sql';

const EVENT_OF: Record<AuditAction, EventContract> = {
  created: PatientPaymentEventContracts.recorded,
  updated: PatientPaymentEventContracts.updated,
  deleted: PatientPaymentEventContracts.deleted,
};

export function accountClosed(date: string, closedThrough: string): DomainError {
  return new DomainError(
    PatientPaymentErrors.ACCOUNT_CLOSED,
    409,
    `the patient's account is closed through ${closedThrough}: money dated ${date} cannot be changed`,
    { closedThrough, date },
  );
}

/** Rows of the patient's visible clinics only, for raw SQL: `and clinic_id in (...)` or nothing. */
export function visibleClinicsSql(caller: CallerContext, column = 'clinic_id'): { sql: string; params: unknown[] } {
  if (caller.clinicIds === '*') return { sql: '', params: [] };
  return {
    sql: ` and ${column} in (select (json_array_elements_text(?::json))::uuid)`,
    params: [JSON.stringify(caller.clinicIds)],
  };
}

/** What every patient-payment use case shares: the patient's basis, the per-patient lock, receipts, audit + events. */
@Injectable()
export class PatientMoney {
  private readonly log = new Logger(PatientMoney.name);

  constructor(
    private readonly em: EntityManager,
    private readonly rpc: RpcClient,
    private readonly audit: AuditTrail,
    private readonly copy: PatientAccountsCopy,
    @Inject(BASIS_TIMEOUT_MS) private readonly basisTimeoutMs: number,
  ) {}

  /**
   * The patient with the open treatment totals per physician and its contracts. patient-accounts is asked first
   * (freshest; it never asks payments back while answering), with a short timeout; when it is unavailable (any 503)
   * the same view is built from payments' own copy of its events. An unknown patient, another organization's or one
   * of a clinic the caller may not see is a 404 on both paths; a patient unknown here while patient-accounts is down
   * is a 503 (it may well exist).
   */
  async basis(caller: CallerContext, patientId: string): Promise<DistributionBasisView> {
    const basis = await this.freshOrLocalBasis(caller, patientId);
    const { patient } = basis;
    if (patient.organizationId !== caller.organizationId || !callerMaySeeClinic(caller, patient.clinicId)) {
      throw DomainError.notFound(PatientErrors.PATIENT_NOT_FOUND, 'patient', patientId);
    }
    return basis;
  }

  private async freshOrLocalBasis(caller: CallerContext, patientId: string): Promise<DistributionBasisView> {
    try {
      return await this.rpc.request<DistributionBasisView>(
        AccountSubjects.distributionBasis,
        { patientId },
        caller,
        this.basisTimeoutMs,
      );
    } catch (e) {
      if (!(e instanceof DomainError) || e.status !== 503) throw e;
      const local = await this.copy.basis(this.em, patientId);
      if (!local) {
        throw new DomainError(
          CommonErrors.UNAVAILABLE,
          503,
          `patient-accounts is unavailable (${e.message}) and payments does not know patient ${patientId} yet`,
        );
      }
      this.log.warn(`patient-accounts unavailable (${e.code}): basis of patient ${patientId} from the local copy`);
      return local;
    }
  }

  /** The pay split of the stored money over the open treatments of the basis (refunds split negative; see paySplit). */
  splits(basis: DistributionBasisView, money: StoredMoney): PatientPaymentSplitView[] {
    const totals = basis.totals.map((t) => ({
      physicianId: t.physicianId,
      name: t.name,
      treatmentAmount: Money.parse(t.treatmentAmount, money.amount.currency),
    }));
    return paySplit(totals, money);
  }

  /** The contract must be one of the patient's (from the basis). */
  requireContract(basis: DistributionBasisView, contractId: string | null | undefined): void {
    if (contractId && !basis.contractIds.includes(contractId)) {
      throw new DomainError(
        AccountErrors.CONTRACT_NOT_FOUND,
        404,
        `contract ${contractId} is not a contract of this patient`,
        [{ field: 'contractId', reasons: ['is not a contract of this patient'] }],
      );
    }
  }

  async clinic(em: EntityManager, organizationId: string, clinicId: string): Promise<Clinic> {
    const clinic = await em.findOne(Clinic, { id: clinicId, organizationId });
    if (!clinic) throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
    return clinic;
  }

  /**
   * Locks the patient's money row until the transaction ends, so payments, edits and closure locks of one patient
   * apply one after the other; answers the date the money is closed through (null = open).
   */
  async lockPatient(em: EntityManager, organizationId: string, patientId: string): Promise<string | null> {
    await em.execute(PatientPaymentsSql.ensurePatientMoney.text, [patientId, organizationId]);
    return (await this.lockExisting(em, organizationId, patientId)) ?? null;
  }

  /** Like lockPatient for a patient already known here; undefined when payments has never seen the patient. */
  async lockExisting(em: EntityManager, organizationId: string, patientId: string): Promise<string | null | undefined> {
    const [row] = await em.execute<{ organization_id: string; closed_through: string | null }[]>(
      PatientPaymentsSql.lockPatientMoney.text,
      [patientId],
    );
    if (!row) return undefined;
    if (row.organization_id !== organizationId)
      throw DomainError.notFound(PatientErrors.PATIENT_NOT_FOUND, 'patient', patientId);
    return row.closed_through;
  }

  /** The date the patient's money is closed through, without locking (reads). */
  async closedThrough(em: EntityManager, organizationId: string, patientId: string): Promise<string | null> {
    const [row] = await em.execute<{ through: string | null }[]>(PatientPaymentsSql.closedThrough.text, [
      patientId,
      organizationId,
    ]);
    return row?.through ?? null;
  }

  /**
   * The clinic's next receipt number. The upsert takes the counter row's lock (as select … for update would) until
   * the transaction ends, so numbers are handed out one at a time and a rolled-back payment gives its number back.
   */
  async nextReceipt(em: EntityManager, organizationId: string, clinicId: string): Promise<string> {
    const [row] = await em.execute<{ last_number: string }[]>(PatientPaymentsSql.nextReceiptNumber.text, [
      clinicId,
      organizationId,
    ]);
    return row.last_number;
  }

  /** The payment, row-locked; a deleted one, another patient's, organization's or invisible clinic's is a 404. */
  async lockVisible(em: EntityManager, caller: CallerContext, ref: PatientPaymentRefDto): Promise<PatientPayment> {
    const payment = await em.findOne(
      PatientPayment,
      { id: ref.paymentId, patientId: ref.patientId, organizationId: caller.organizationId, deletedAt: null },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!payment || !callerMaySeeClinic(caller, payment.clinicId)) {
      throw DomainError.notFound(PatientPaymentErrors.NOT_FOUND, 'patient payment', ref.paymentId);
    }
    return payment;
  }

  /** The audit entry (before/after) and the event carrying the whole record at its new revision. */
  record(
    em: EntityManager,
    caller: CallerContext,
    action: AuditAction,
    before: PatientPaymentView | null,
    payment: PatientPayment,
    closedThrough: string | null,
    correction: Correction | null = null,
  ): PatientPaymentView {
    return this.audit.recordChange(
      em,
      caller,
      { entity: PATIENT_PAYMENT, action, before, snapshot: payment.toView(closedThrough), correction },
      { event: EVENT_OF[action], organizationId: payment.organizationId, clinicId: payment.clinicId },
    );
  }
}
