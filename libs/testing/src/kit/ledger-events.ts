// Test support for the patient ledger: the snapshots patient-accounts and payments publish (patients, treatments,
// received money, closures, contracts), as envelopes ready for Bus.publish.
import {
  AccountEvents,
  ClinicEvents,
  ClinicView,
  ClosureView,
  ContractView,
  EventEnvelope,
  PatientAccountEvents,
  PatientPaymentEvents,
  PatientPaymentType,
  PatientPaymentView,
  PatientView,
  TreatmentView,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { randomUUID } from 'node:crypto';

let clock = Date.parse('2026-01-01T08:00:00Z');
/** Event times that grow by a second per event built (creation order of treatments). */
const nextTime = () => new Date((clock += 1000)).toISOString();

function envelope<P>(type: string, organizationId: string, clinicId: string | null, payload: P, at = nextTime()) {
  const e: EventEnvelope<P> = {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: at,
    organizationId,
    clinicId,
    correlationId: randomUUID(),
    payload,
  };
  return e;
}

export class LedgerEvents {
  constructor(
    readonly organizationId: string,
    readonly currency = 'EUR',
  ) {}

  clinic(id: string, name: string, o: { locale?: 'en' | 'tr'; currency?: string; timeZone?: string } = {}) {
    const view: ClinicView = {
      id,
      organizationId: this.organizationId,
      name,
      currency: o.currency ?? this.currency,
      timeZone: o.timeZone ?? 'Europe/Istanbul',
      locale: o.locale ?? 'en',
      bankChargePercent: null,
    };
    return envelope(ClinicEvents.created, this.organizationId, id, view);
  }

  patient(p: { id?: string; clinicId: string; firstName: string; lastName: string; updated?: boolean; at?: string }) {
    const view: PatientView = {
      id: p.id ?? randomUUID(),
      organizationId: this.organizationId,
      clinicId: p.clinicId,
      firstName: p.firstName,
      lastName: p.lastName,
      phone: null,
      email: null,
      familyId: null,
      currency: this.currency,
    };
    const type = p.updated ? AccountEvents.patientUpdated : AccountEvents.patientCreated;
    return envelope(type, this.organizationId, p.clinicId, view, p.at);
  }

  treatment(t: {
    id?: string;
    patientId: string;
    clinicId: string;
    date: string;
    amount: string;
    physicianId?: string | null;
    revision?: number;
    deleted?: boolean;
    at?: string;
  }): EventEnvelope<TreatmentView> {
    const revision = t.revision ?? 1;
    const view: TreatmentView = {
      id: t.id ?? randomUUID(),
      organizationId: this.organizationId,
      clinicId: t.clinicId,
      patientId: t.patientId,
      physicianId: t.physicianId ?? null,
      procedure: 'Composite filling',
      tooth: null,
      date: t.date,
      amount: Money.parse(t.amount, this.currency).toDecimal(),
      currency: this.currency,
      copiedFromPlanning: false,
      planItemId: null,
      invoiceId: null,
      invoiceNumber: null,
      deleted: t.deleted ?? false,
      revision,
    };
    const type = t.deleted
      ? PatientAccountEvents.treatmentDeleted
      : revision === 1
        ? PatientAccountEvents.treatmentCreated
        : PatientAccountEvents.treatmentUpdated;
    return envelope(type, this.organizationId, t.clinicId, view, t.at);
  }

  /** Received money as stored: `amount` signed (a refund is given negative). */
  received(r: {
    id?: string;
    patientId: string;
    clinicId: string;
    date: string;
    amount: string;
    type?: PatientPaymentType;
    contractId?: string | null;
    physicianId?: string | null;
    revision?: number;
    deleted?: boolean;
  }): EventEnvelope<PatientPaymentView> {
    const revision = r.revision ?? 1;
    const amount = Money.parse(r.amount, this.currency);
    const type = r.type ?? (amount.isNegative() ? 'refund' : 'cash');
    const view: PatientPaymentView = {
      id: r.id ?? randomUUID(),
      organizationId: this.organizationId,
      clinicId: r.clinicId,
      patientId: r.patientId,
      receiptNumber: '000001',
      date: r.date,
      amount: amount.toDecimal(),
      enteredAmount: (amount.isNegative() ? amount.negate() : amount).toDecimal(),
      bankCost: null,
      bankChargePercent: null,
      paymentType: type,
      contractId: r.contractId ?? null,
      note: null,
      currency: this.currency,
      closed: false,
      splits: [{ physicianId: null, amount: amount.toDecimal() }],
      physicianId: r.physicianId ?? null,
      revision,
      deleted: r.deleted ?? false,
      createdAt: '2026-01-01T08:00:00.000Z',
    };
    const eventType = r.deleted
      ? PatientPaymentEvents.deleted
      : revision === 1
        ? PatientPaymentEvents.recorded
        : PatientPaymentEvents.updated;
    return envelope(eventType, this.organizationId, r.clinicId, view);
  }

  /** A closure (`account.closed`) or its undo (`account.reopened`); writtenOff signed: + unpaid, − received more. */
  closure(c: { id?: string; patientId: string; clinicId: string; date: string; writtenOff: string }, undone = false) {
    const view: ClosureView = {
      id: c.id ?? randomUUID(),
      patientId: c.patientId,
      organizationId: this.organizationId,
      clinicId: c.clinicId,
      mode: 'past',
      date: c.date,
      treatmentTotal: '0.00',
      receivedTotal: '0.00',
      writtenOffAmount: Money.parse(c.writtenOff, this.currency).toDecimal(),
      currency: this.currency,
      createdAt: '2026-01-01T08:00:00.000Z',
      createdBy: 'test',
    };
    return envelope(
      undone ? AccountEvents.accountReopened : AccountEvents.accountClosed,
      this.organizationId,
      c.clinicId,
      view,
    );
  }

  contract(k: { id?: string; patientId: string; clinicId: string; total: string; date?: string }) {
    const view: ContractView = {
      id: k.id ?? randomUUID(),
      organizationId: this.organizationId,
      clinicId: k.clinicId,
      patientId: k.patientId,
      planId: null,
      contractDate: k.date ?? '2026-05-01',
      totalAmount: Money.parse(k.total, this.currency).toDecimal(),
      downPayment: '0.00',
      installmentCount: 1,
      firstDueDate: k.date ?? '2026-05-01',
      schedule: [{ number: 1, dueDate: k.date ?? '2026-05-01', amount: k.total }],
      currency: this.currency,
    };
    return envelope(AccountEvents.contractCreated, this.organizationId, k.clinicId, view);
  }
}
