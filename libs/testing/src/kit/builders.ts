// Data builders for the payloads a service's tests send and the snapshots its neighbours publish: realistic defaults
// that pass validation, changed only where a test says so (`aWorkOrder().withInstallments(3).build()`).
import {
  ClinicView,
  ClosureView,
  CreateWorkOrderDto,
  InstallmentDto,
  PatientPaymentType,
  PatientView,
  PaymentMethod,
  PhysicianView,
  RecordPatientPaymentDto,
  WorkOrderPaymentDto,
  WorkOrderView,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { randomUUID } from 'node:crypto';

/** A calendar date `months` months after `date` (the day kept; months are 28 days or more in the dates used here). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `amount` in `n` parts that sum to it exactly: equal parts, the cents left over on the last one. */
export function equalParts(amount: string, n: number): string[] {
  const decimals = amount.includes('.') ? amount.split('.')[1].length : 0;
  const minor = BigInt(amount.replace('.', ''));
  const part = minor / BigInt(n);
  const parts = Array.from({ length: n }, (_, i) => (i === n - 1 ? minor - part * BigInt(n - 1) : part));
  return parts.map((p) => {
    if (!decimals) return p.toString();
    const s = p.toString().padStart(decimals + 1, '0');
    return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
  });
}

type WorkOrderCommand = Omit<CreateWorkOrderDto, 'paymentPlan' | 'patientId'> & {
  patientId?: string | null;
  paymentPlan: {
    totalAmount: string;
    paymentMethod: PaymentMethod;
    dueDate?: string;
    installments?: InstallmentDto[];
  };
};

/** A create-work-order command (work-orders.cmd.create-work-order), one due date unless installments are asked for. */
export class WorkOrderBuilder {
  private command: WorkOrderCommand = {
    clinicId: randomUUID(),
    labId: randomUUID(),
    description: 'Zirconia crown 26',
    documentedDate: '2026-11-21',
    paymentPlan: { totalAmount: '1000.00', paymentMethod: 'bank_transfer', dueDate: '2026-12-21' },
  };

  forClinic(clinicId: string): this {
    this.command.clinicId = clinicId;
    return this;
  }

  atLab(labId: string): this {
    this.command.labId = labId;
    return this;
  }

  forPatient(patientId: string | null): this {
    this.command.patientId = patientId;
    return this;
  }

  describedAs(description: string): this {
    this.command.description = description;
    return this;
  }

  documentedOn(date: string): this {
    this.command.documentedDate = date;
    return this;
  }

  withTotal(totalAmount: string): this {
    this.command.paymentPlan.totalAmount = totalAmount;
    return this;
  }

  paidBy(paymentMethod: PaymentMethod): this {
    this.command.paymentPlan.paymentMethod = paymentMethod;
    return this;
  }

  /** One due date for the whole total (instead of installments). */
  dueOn(dueDate: string): this {
    const { installments: _installments, ...plan } = this.command.paymentPlan;
    this.command.paymentPlan = { ...plan, dueDate };
    return this;
  }

  /** `n` equal monthly installments of the total from the due date (or the given installments as they are). */
  withInstallments(installments: number | InstallmentDto[]): this {
    const { dueDate = '2026-12-21', ...plan } = this.command.paymentPlan;
    const list =
      typeof installments === 'number'
        ? equalParts(plan.totalAmount, installments).map((amount, i) => ({ dueDate: addMonths(dueDate, i), amount }))
        : installments;
    this.command.paymentPlan = { ...plan, installments: list };
    return this;
  }

  /** Any field as it is, valid or not (for the refusals). */
  with(fields: Record<string, unknown>, plan: Record<string, unknown> = {}): this {
    this.command = {
      ...this.command,
      ...fields,
      paymentPlan: { ...this.command.paymentPlan, ...plan },
    } as WorkOrderCommand;
    return this;
  }

  build(): WorkOrderCommand {
    return structuredClone(this.command);
  }
}

export const aWorkOrder = (): WorkOrderBuilder => new WorkOrderBuilder();

type PatientPaymentBody = RecordPatientPaymentDto & { patientId?: string };

/** Money received from a patient (payments.cmd.record-patient-payment), without the patient unless given. */
export class PatientPaymentBuilder {
  private body: PatientPaymentBody;

  constructor(paymentType: PatientPaymentType, amount: string) {
    this.body = { date: '2026-03-01', amount, paymentType };
  }

  forPatient(patientId: string): this {
    this.body.patientId = patientId;
    return this;
  }

  on(date: string): this {
    this.body.date = date;
    return this;
  }

  withBankCost(bankCost: string): this {
    this.body.bankCost = bankCost;
    return this;
  }

  forContract(contractId: string): this {
    this.body.contractId = contractId;
    return this;
  }

  onBehalfOf(physicianId: string): this {
    this.body.physicianId = physicianId;
    return this;
  }

  withNote(note: string): this {
    this.body.note = note;
    return this;
  }

  /** Any field as it is, valid or not (for the refusals). */
  with(fields: Record<string, unknown>): this {
    this.body = { ...this.body, ...fields } as PatientPaymentBody;
    return this;
  }

  build(): PatientPaymentBody {
    return { ...this.body };
  }
}

export const aCardPayment = (amount = '100.00'): PatientPaymentBuilder => new PatientPaymentBuilder('card', amount);
export const aCashPayment = (amount = '100.00'): PatientPaymentBuilder => new PatientPaymentBuilder('cash', amount);
/** A refund is typed positive; payments stores it negative. */
export const aRefund = (amount = '100.00'): PatientPaymentBuilder => new PatientPaymentBuilder('refund', amount);

type LabPaymentBody = WorkOrderPaymentDto & { workOrderId?: string };

/** Money paid to a lab for a work order (payments.cmd.record-work-order-payment); negative = a refund from the lab. */
export class LabPaymentBuilder {
  private body: LabPaymentBody;

  constructor(amount: string) {
    this.body = { date: '2026-11-25', amount, method: 'bank_transfer' };
  }

  forWorkOrder(workOrderId: string): this {
    this.body.workOrderId = workOrderId;
    return this;
  }

  on(date: string): this {
    this.body.date = date;
    return this;
  }

  by(method: PaymentMethod): this {
    this.body.method = method;
    return this;
  }

  withReference(reference: string): this {
    this.body.reference = reference;
    return this;
  }

  withNote(note: string): this {
    this.body.note = note;
    return this;
  }

  /** Any field as it is, valid or not (for the refusals). */
  with(fields: Record<string, unknown>): this {
    this.body = { ...this.body, ...fields } as LabPaymentBody;
    return this;
  }

  build(): LabPaymentBody {
    return { ...this.body };
  }
}

export const aLabPayment = (amount = '100.00'): LabPaymentBuilder => new LabPaymentBuilder(amount);

// Event payloads and neighbours' answers: whole snapshots, as their owner publishes them.

/** payments' clinic (payments.clinic.created, payments.query.get-clinic). */
export function aClinicSnapshot(fields: Partial<ClinicView> = {}): ClinicView {
  return {
    id: randomUUID(),
    organizationId: randomUUID(),
    name: 'Main Clinic',
    currency: 'EUR',
    timeZone: 'Europe/Istanbul',
    locale: 'en',
    bankChargePercent: null,
    ...fields,
  };
}

/** work-orders' whole work order at a revision (work-orders.work-order.created/updated, get-work-order). */
export function aWorkOrderSnapshot(fields: Partial<WorkOrderView> = {}): WorkOrderView {
  const currency = fields.currency ?? 'EUR';
  const totalAmount = Money.parse(currency === 'JPY' ? '50000' : '1000.00', currency).toDecimal();
  return {
    id: randomUUID(),
    organizationId: randomUUID(),
    clinicId: randomUUID(),
    labId: randomUUID(),
    patientId: null,
    number: 'WO-000001',
    description: 'Zirconia crown 26',
    documentedDate: '2026-11-21',
    status: 'draft',
    currency,
    paymentPlan: {
      totalAmount,
      paymentMethod: 'bank_transfer',
      installments: [{ number: 1, dueDate: '2026-12-21', amount: totalAmount }],
    },
    revision: 1,
    createdAt: '2026-11-21T09:00:00.000Z',
    ...fields,
  };
}

/** patient-accounts' patient (patient-accounts.patient.created/updated, get-patient). */
export function aPatientSnapshot(fields: Partial<PatientView> = {}): PatientView {
  return {
    id: randomUUID(),
    organizationId: randomUUID(),
    clinicId: randomUUID(),
    firstName: 'Ali',
    lastName: `Yılmaz ${randomUUID().slice(0, 4)}`,
    phone: null,
    email: null,
    familyId: null,
    currency: 'EUR',
    ...fields,
  };
}

/** patient-accounts' physician (patient-accounts.physician.created/updated). */
export function aPhysicianSnapshot(fields: Partial<PhysicianView> = {}): PhysicianView {
  return {
    id: randomUUID(),
    organizationId: randomUUID(),
    clinicId: randomUUID(),
    name: 'Dr. Ayşe Demir',
    commissionPercent: null,
    ...fields,
  };
}

/** patient-accounts' account closure (patient-accounts.account.closed/reopened). */
export function aClosureSnapshot(fields: Partial<ClosureView> = {}): ClosureView {
  return {
    id: randomUUID(),
    patientId: randomUUID(),
    organizationId: randomUUID(),
    clinicId: randomUUID(),
    mode: 'past',
    date: '2026-01-31',
    treatmentTotal: '0.00',
    receivedTotal: '0.00',
    writtenOffAmount: '0.00',
    currency: 'EUR',
    createdAt: new Date().toISOString(),
    createdBy: randomUUID(),
    ...fields,
  };
}
