// Builders for a patient's facts as their owners publish them: treatments and contracts (patient-accounts) and
// received-money records (payments). Whole snapshots, so that a consumer that validates every event takes them;
// each builder takes the patient (its organization, clinic and currency) and the few fields a test cares about.
// Clinics, patients, physicians, closures and work orders are in ./builders.
import { ContractView, PatientPaymentView, TreatmentView } from '@dental/contracts';
import { randomUUID } from 'node:crypto';

/** What a patient's facts are keyed by. */
export interface PatientRef {
  id: string;
  organizationId: string;
  clinicId: string;
  currency: string;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A treatment snapshot (`patient-accounts.treatment.*`), revision 1 unless told. */
export function aTreatmentSnapshot(patient: PatientRef, fields: Partial<TreatmentView> = {}): TreatmentView {
  return {
    id: randomUUID(),
    organizationId: patient.organizationId,
    clinicId: patient.clinicId,
    patientId: patient.id,
    physicianId: null,
    procedure: 'Composite filling',
    tooth: null,
    date: today(),
    amount: '100.00',
    currency: patient.currency,
    copiedFromPlanning: false,
    planItemId: null,
    invoiceId: null,
    invoiceNumber: null,
    deleted: false,
    revision: 1,
    ...fields,
  };
}

/** A contract snapshot (`patient-accounts.contract.created`): one installment of 300.00 today unless told. */
export function aContractSnapshot(patient: PatientRef, fields: Partial<ContractView> = {}): ContractView {
  return {
    id: randomUUID(),
    organizationId: patient.organizationId,
    clinicId: patient.clinicId,
    patientId: patient.id,
    planId: null,
    contractDate: today(),
    totalAmount: '300.00',
    downPayment: '0.00',
    installmentCount: 1,
    firstDueDate: today(),
    schedule: [{ number: 1, dueDate: today(), amount: '300.00' }],
    currency: patient.currency,
    ...fields,
  };
}

/**
 * A received-money record (`payments.patient-payment.*`) at a revision: cash by default; for a card give
 * `paymentType: 'card'`, the stored `amount` (typed + bank cost), `enteredAmount` and `bankCost`.
 */
export function aPatientPaymentSnapshot(
  patient: PatientRef,
  fields: Partial<PatientPaymentView> = {},
): PatientPaymentView {
  const amount = fields.amount ?? '100.00';
  return {
    id: randomUUID(),
    organizationId: patient.organizationId,
    clinicId: patient.clinicId,
    patientId: patient.id,
    receiptNumber: String(Math.floor(Math.random() * 999_999) + 1).padStart(6, '0'),
    date: today(),
    amount,
    enteredAmount: amount.replace(/^-/, ''),
    bankCost: null,
    bankChargePercent: null,
    paymentType: 'cash',
    contractId: null,
    note: null,
    currency: patient.currency,
    closed: false,
    splits: [],
    physicianId: null,
    revision: 1,
    deleted: false,
    createdAt: new Date().toISOString(),
    ...fields,
  };
}
