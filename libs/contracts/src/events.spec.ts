import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { EventContract, eventContract, PayloadClass } from './contract';
import { NotificationEvents } from './notifications/notifications.contracts';
import type { AlertView } from './notifications/notifications.contracts';
import { AlertSnapshotV1, NotificationEventContracts } from './notifications/notifications.events';
import { AccountEvents } from './patient-accounts/account.contracts';
import type { ClosureView, ContractView } from './patient-accounts/account.contracts';
import { PatientAccountEvents } from './patient-accounts/patient-accounts.contracts';
import type { PatientView, PhysicianView, TreatmentView } from './patient-accounts/patient-accounts.contracts';
import {
  AccountClosureV1,
  AccountEventContracts,
  ContractSnapshotV1,
  PatientAccountEventContracts,
  PatientSnapshotV1,
  PhysicianSnapshotV1,
  TreatmentSnapshotV1,
} from './patient-accounts/patient-accounts.events';
import { ClinicEvents } from './payments/clinics.contracts';
import type { ClinicView } from './payments/clinics.contracts';
import { PatientPaymentEvents } from './payments/patient-payments.contracts';
import type { PatientPaymentView } from './payments/patient-payments.contracts';
import {
  ClinicCreatedV1,
  ClinicEventContracts,
  ClinicPaymentSettingsChangedV1,
  ClinicProgressSettingsChangedV1,
  PatientPaymentEventContracts,
  PatientPaymentSnapshotV1,
  ProgressSettingsEventContracts,
  WorkOrderPaymentEventContracts,
  WorkOrderPaymentSnapshotV1,
} from './payments/payments.events';
import { ProgressSettingsEvents } from './payments/progress-settings.contracts';
import type { ProgressSettingsView } from './payments/progress-settings.contracts';
import { WorkOrderPaymentEvents } from './payments/work-order-payments.contracts';
import type { WorkOrderPaymentView } from './payments/work-order-payments.contracts';
import { WorkOrderTreatmentEvents } from './work-orders/work-order-treatments.contracts';
import type { WorkOrderTreatmentsView } from './work-orders/work-order-treatments.contracts';
import { WorkOrderEvents } from './work-orders/work-orders.contracts';
import type { LabView, WorkOrderView } from './work-orders/work-orders.contracts';
import {
  LabSnapshotV1,
  WorkOrderEventContracts,
  WorkOrderSnapshotV1,
  WorkOrderTreatmentEventContracts,
  WorkOrderTreatmentsLinkedV1,
} from './work-orders/work-orders.events';

// What the publishers pass as payloads (the views, with what AuditTrail / recordChange add) must compile as the event
// classes, so that `outbox.add` of a view keeps compiling; a view field left out of an event is no error.
type Accepts<Event, Published extends Event> = Published;
export type PublishersCompile = [
  Accepts<LabSnapshotV1, LabView & { revision: number }>,
  Accepts<WorkOrderSnapshotV1, WorkOrderView>,
  Accepts<WorkOrderTreatmentsLinkedV1, WorkOrderTreatmentsView>,
  Accepts<ClinicCreatedV1, ClinicView>,
  Accepts<ClinicPaymentSettingsChangedV1, Pick<ClinicView, 'id' | 'bankChargePercent'>>,
  Accepts<ClinicProgressSettingsChangedV1, ProgressSettingsView>,
  Accepts<PatientPaymentSnapshotV1, PatientPaymentView & { changedBy: string }>,
  Accepts<WorkOrderPaymentSnapshotV1, WorkOrderPaymentView & { changedBy: string }>,
  Accepts<TreatmentSnapshotV1, TreatmentView>,
  Accepts<AccountClosureV1, ClosureView>,
  Accepts<ContractSnapshotV1, ContractView>,
  Accepts<PhysicianSnapshotV1, PhysicianView>,
  Accepts<PatientSnapshotV1, PatientView>,
  Accepts<AlertSnapshotV1, AlertView>,
];

/** Every `…Events` constant beside the contracts declared for it. */
const GROUPS: [string, Record<string, string>, Record<string, EventContract>][] = [
  ['WorkOrderEvents', WorkOrderEvents, WorkOrderEventContracts],
  ['WorkOrderTreatmentEvents', WorkOrderTreatmentEvents, WorkOrderTreatmentEventContracts],
  ['WorkOrderPaymentEvents', WorkOrderPaymentEvents, WorkOrderPaymentEventContracts],
  ['PatientPaymentEvents', PatientPaymentEvents, PatientPaymentEventContracts],
  ['ClinicEvents', ClinicEvents, ClinicEventContracts],
  ['ProgressSettingsEvents', ProgressSettingsEvents, ProgressSettingsEventContracts],
  ['PatientAccountEvents', PatientAccountEvents, PatientAccountEventContracts],
  ['AccountEvents', AccountEvents, AccountEventContracts],
  ['NotificationEvents', NotificationEvents, NotificationEventContracts],
];
const KEYS = GROUPS.flatMap(([name, events]) => Object.keys(events).map((key) => [name, key] as const));

const ORG = '6f1f9a9e-0000-4000-8000-000000000001';
const CLINIC = '6f1f9a9e-2222-4222-8222-000000000002';
const PATIENT = '7d3c1f0e-2a4b-4c5d-8e9f-0a1b2c3d4e5f';
const PHYSICIAN = '1c9f6a8e-2c1d-4e5f-9a7b-3c2d1e0f9a8b';
const LAB = '0b9f6a8e-2c1d-4e5f-9a7b-3c2d1e0f9a8b';
const WORK_ORDER = '4e1c2a9e-1b7d-4c1e-8f3a-2d6b9e4c7a10';
const TREATMENT = '5f0c2a9e-1b7d-4c1e-8f3a-2d6b9e4c7a10';
const RECORD = '11111111-2222-4333-8444-555555555555';
const CREATED_AT = '2026-11-21T09:30:00.000Z';

/** One payload per class, as its publisher writes it today. */
const VALID = new Map<PayloadClass<unknown>, Record<string, unknown>>([
  [
    LabSnapshotV1,
    {
      id: LAB,
      organizationId: ORG,
      name: 'Smile Lab',
      email: 'orders@smile-lab.example',
      phone: null,
      active: true,
      revision: 1,
    },
  ],
  [
    WorkOrderSnapshotV1,
    {
      id: WORK_ORDER,
      organizationId: ORG,
      clinicId: CLINIC,
      labId: LAB,
      patientId: PATIENT,
      number: 'WO-000042',
      description: 'Zirconia crown 26',
      documentedDate: '2026-11-21',
      status: 'sent',
      currency: 'EUR',
      paymentPlan: {
        totalAmount: '1000.00',
        paymentMethod: 'bank_transfer',
        installments: [
          { number: 1, dueDate: '2026-12-01', amount: '500.00' },
          { number: 2, dueDate: '2027-01-01', amount: '500.00' },
        ],
      },
      revision: 2,
      createdAt: CREATED_AT,
    },
  ],
  [
    WorkOrderTreatmentsLinkedV1,
    {
      workOrderId: WORK_ORDER,
      organizationId: ORG,
      clinicId: CLINIC,
      labId: LAB,
      patientId: PATIENT,
      treatmentIds: [TREATMENT],
      linksRevision: 1,
    },
  ],
  [
    ClinicCreatedV1,
    {
      id: CLINIC,
      organizationId: ORG,
      name: 'Downtown Dental',
      currency: 'TRY',
      timeZone: 'Europe/Istanbul',
      locale: 'tr',
      bankChargePercent: null,
    },
  ],
  [ClinicPaymentSettingsChangedV1, { id: CLINIC, bankChargePercent: '2.50' }],
  [
    ClinicProgressSettingsChangedV1,
    { clinicId: CLINIC, organizationId: ORG, mode: 'registered', costPercent: '10.00', revision: 1 },
  ],
  [
    PatientPaymentSnapshotV1,
    {
      id: RECORD,
      organizationId: ORG,
      clinicId: CLINIC,
      patientId: PATIENT,
      receiptNumber: '000042',
      date: '2026-11-21',
      amount: '1025.00',
      enteredAmount: '1000.00',
      bankCost: '25.00',
      bankChargePercent: '2.50',
      paymentType: 'card',
      contractId: null,
      note: 'first visit',
      currency: 'EUR',
      closed: false,
      splits: [
        { physicianId: PHYSICIAN, amount: '1000.00' },
        { physicianId: null, amount: '25.00' },
      ],
      physicianId: PHYSICIAN,
      revision: 1,
      deleted: false,
      createdAt: CREATED_AT,
      changedBy: '9b2f6a8e-2c1d-4e5f-9a7b-3c2d1e0f9a8b',
    },
  ],
  [
    WorkOrderPaymentSnapshotV1,
    {
      id: RECORD,
      organizationId: ORG,
      clinicId: CLINIC,
      workOrderId: WORK_ORDER,
      labId: LAB,
      date: '2026-11-21',
      amount: '400.00',
      currency: 'EUR',
      method: 'cash',
      reference: null,
      note: null,
      revision: 1,
      deleted: false,
      changedBy: 'system',
    },
  ],
  [
    TreatmentSnapshotV1,
    {
      id: TREATMENT,
      organizationId: ORG,
      clinicId: CLINIC,
      patientId: PATIENT,
      physicianId: PHYSICIAN,
      procedure: 'Composite filling',
      tooth: '26',
      date: '2026-11-21',
      amount: '600.00',
      currency: 'EUR',
      copiedFromPlanning: false,
      planItemId: null,
      invoiceId: null,
      invoiceNumber: null,
      deleted: false,
      revision: 1,
    },
  ],
  [
    AccountClosureV1,
    {
      id: RECORD,
      patientId: PATIENT,
      organizationId: ORG,
      clinicId: CLINIC,
      mode: 'past',
      date: '2026-10-31',
      treatmentTotal: '1000.00',
      receivedTotal: '1250.00',
      writtenOffAmount: '-250.00',
      currency: 'EUR',
      createdAt: CREATED_AT,
      createdBy: '9b2f6a8e-2c1d-4e5f-9a7b-3c2d1e0f9a8b',
      correction: { reason: 'patient_request', memo: null },
    },
  ],
  [
    ContractSnapshotV1,
    {
      id: RECORD,
      organizationId: ORG,
      clinicId: CLINIC,
      patientId: PATIENT,
      planId: null,
      contractDate: '2026-11-21',
      totalAmount: '1000.00',
      downPayment: '100.00',
      installmentCount: 3,
      firstDueDate: '2026-12-01',
      schedule: [
        { number: 0, dueDate: '2026-11-21', amount: '100.00' },
        { number: 1, dueDate: '2026-12-01', amount: '300.00' },
        { number: 2, dueDate: '2027-01-01', amount: '300.00' },
        { number: 3, dueDate: '2027-02-01', amount: '300.00' },
      ],
      currency: 'EUR',
    },
  ],
  [
    PhysicianSnapshotV1,
    { id: PHYSICIAN, organizationId: ORG, clinicId: CLINIC, name: 'Dr. Ayşe Demir', commissionPercent: '30.00' },
  ],
  [
    PatientSnapshotV1,
    {
      id: PATIENT,
      organizationId: ORG,
      clinicId: CLINIC,
      firstName: 'Ali',
      lastName: 'Yılmaz',
      phone: '+90 555 111 22 33',
      email: null,
      familyId: null,
      currency: 'TRY',
    },
  ],
  [
    AlertSnapshotV1,
    {
      id: RECORD,
      organizationId: ORG,
      clinicId: CLINIC,
      patientId: PATIENT,
      patientName: 'Ali Yılmaz',
      date: '2026-12-01',
      amount: '250.00',
      currency: 'EUR',
      note: null,
      status: 'open',
      overdue: false,
      closedAt: null,
      createdAt: CREATED_AT,
      createdBy: 'notifications-scheduler',
    },
  ],
]);

/** The fields that fail, nested ones as a path ("paymentPlan.installments.0.amount"). */
function failing(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    return [...(e.constraints ? [field] : []), ...failing(e.children ?? [], field)];
  });
}

async function problems(cls: PayloadClass<unknown>, payload: Record<string, unknown>): Promise<string[]> {
  return failing(await validate(plainToInstance(cls, payload) as object, { forbidUnknownValues: true }));
}

const valid = (cls: PayloadClass<unknown>, change: Record<string, unknown> = {}) => ({
  ...structuredClone(VALID.get(cls)!),
  ...change,
});

const without = (cls: PayloadClass<unknown>, field: string) => {
  const payload = valid(cls);
  delete payload[field];
  return payload;
};

describe('event contracts', () => {
  it('declares all 26 event types', () => {
    expect(KEYS).toHaveLength(26);
  });

  it.each(KEYS)('%s.%s has a contract of the same type at version 1, in the registry', (name, key) => {
    const [, events, contracts] = GROUPS.find(([n]) => n === name)!;
    const contract = contracts[key];
    expect(contract).toBeDefined();
    expect(contract.type).toBe(events[key]);
    expect(contract.version).toBe(1);
    expect(contract.owner).toBe(events[key].split('.')[0]);
    expect(eventContract(events[key], 1)).toBe(contract);
  });

  it('declares no contract beyond the event types', () => {
    for (const [, events, contracts] of GROUPS)
      expect(Object.keys(contracts).sort()).toEqual(Object.keys(events).sort());
  });

  it('has a sample payload for every payload class', () => {
    const classes = new Set(GROUPS.flatMap(([, , contracts]) => Object.values(contracts).map((c) => c.payload)));
    expect([...classes].filter((c) => !VALID.has(c)).map((c) => c.name)).toEqual([]);
  });
});

describe('event payloads: what the publishers write today is valid', () => {
  const contracts = GROUPS.flatMap(([, , group]) => Object.values(group));

  it.each(contracts.map((c) => [c.type, c] as const))('%s', async (_, contract) => {
    expect(await problems(contract.payload, valid(contract.payload))).toEqual([]);
  });

  it('takes amounts in the currency’s own decimals: none for JPY, three for KWD', async () => {
    const jpy = valid(TreatmentSnapshotV1, { amount: '60000', currency: 'JPY' });
    const kwd = valid(WorkOrderPaymentSnapshotV1, { amount: '-12.345', currency: 'KWD' });
    expect(await problems(TreatmentSnapshotV1, jpy)).toEqual([]);
    expect(await problems(WorkOrderPaymentSnapshotV1, kwd)).toEqual([]);
  });

  it('takes a refund: the amount and its split negative', async () => {
    const refund = valid(PatientPaymentSnapshotV1, {
      amount: '-300.00',
      enteredAmount: '300.00',
      bankCost: null,
      bankChargePercent: null,
      paymentType: 'refund',
      splits: [{ physicianId: null, amount: '-300.00' }],
    });
    expect(await problems(PatientPaymentSnapshotV1, refund)).toEqual([]);
  });

  it('takes a received-money event from before physicianId existed, and one without changedBy', async () => {
    expect(await problems(PatientPaymentSnapshotV1, without(PatientPaymentSnapshotV1, 'physicianId'))).toEqual([]);
    expect(await problems(PatientPaymentSnapshotV1, without(PatientPaymentSnapshotV1, 'changedBy'))).toEqual([]);
    expect(await problems(WorkOrderPaymentSnapshotV1, without(WorkOrderPaymentSnapshotV1, 'changedBy'))).toEqual([]);
  });

  it('takes a correction with a memo, and events without one', async () => {
    const corrected = valid(WorkOrderPaymentSnapshotV1, { correction: { reason: 'other', memo: 'typed twice' } });
    expect(await problems(WorkOrderPaymentSnapshotV1, corrected)).toEqual([]);
    expect(await problems(AccountClosureV1, without(AccountClosureV1, 'correction'))).toEqual([]);
  });

  it('takes the reopened event of a closure never stored (totals "0.00" whatever the currency)', async () => {
    const never = valid(AccountClosureV1, {
      mode: 'now',
      currency: 'JPY',
      treatmentTotal: '0.00',
      receivedTotal: '15000',
      writtenOffAmount: '0.00',
      createdBy: 'system',
    });
    expect(await problems(AccountClosureV1, never)).toEqual([]);
  });

  it('takes a closed alert and a work order without a patient or installments', async () => {
    const closed = valid(AlertSnapshotV1, { status: 'paid_off', amount: null, closedAt: CREATED_AT });
    const plain = valid(WorkOrderSnapshotV1, { patientId: null });
    (plain.paymentPlan as { installments: unknown[] }).installments = [];
    expect(await problems(AlertSnapshotV1, closed)).toEqual([]);
    expect(await problems(WorkOrderSnapshotV1, plain)).toEqual([]);
  });

  it('accepts an unknown extra field: an owner may add fields without a new version', async () => {
    for (const cls of VALID.keys()) {
      expect(await problems(cls, valid(cls, { addedLater: { any: 'thing' } }))).toEqual([]);
    }
  });
});

describe('event payloads: what no publisher writes fails, naming the field', () => {
  it.each([...VALID.keys()].map((cls) => [cls.name, cls] as const))('%s without a required field', async (_, cls) => {
    const field = Object.keys(VALID.get(cls)!)[0];
    expect(await problems(cls, without(cls, field))).toEqual([field]);
  });

  it('a number instead of a money string', async () => {
    expect(await problems(TreatmentSnapshotV1, valid(TreatmentSnapshotV1, { amount: 600 }))).toEqual(['amount']);
    expect(await problems(WorkOrderPaymentSnapshotV1, valid(WorkOrderPaymentSnapshotV1, { amount: -400 }))).toEqual([
      'amount',
    ]);
    const plan = valid(WorkOrderSnapshotV1);
    (plan.paymentPlan as { installments: { amount: unknown }[] }).installments[1].amount = 500;
    expect(await problems(WorkOrderSnapshotV1, plan)).toEqual(['paymentPlan.installments.1.amount']);
  });

  it('a malformed or wrongly signed amount', async () => {
    const payments = valid(PatientPaymentSnapshotV1, {
      enteredAmount: '-1000.00',
      bankCost: '25,00',
      splits: [{ physicianId: null, amount: '1.23456' }],
    });
    expect(await problems(PatientPaymentSnapshotV1, payments)).toEqual([
      'enteredAmount',
      'bankCost',
      'splits.0.amount',
    ]);
    expect(await problems(ContractSnapshotV1, valid(ContractSnapshotV1, { totalAmount: '' }))).toEqual(['totalAmount']);
  });

  it('an id that is not a uuid', async () => {
    expect(await problems(LabSnapshotV1, valid(LabSnapshotV1, { id: 'lab-1' }))).toEqual(['id']);
    expect(
      await problems(
        WorkOrderTreatmentsLinkedV1,
        valid(WorkOrderTreatmentsLinkedV1, { treatmentIds: [TREATMENT, 42] }),
      ),
    ).toEqual(['treatmentIds']);
    const split = valid(PatientPaymentSnapshotV1, { splits: [{ physicianId: 'dr-who', amount: '1025.00' }] });
    expect(await problems(PatientPaymentSnapshotV1, split)).toEqual(['splits.0.physicianId']);
  });

  it('null where the publisher always writes a value, a value left out where it writes null', async () => {
    expect(await problems(PatientSnapshotV1, valid(PatientSnapshotV1, { currency: null }))).toEqual(['currency']);
    expect(await problems(PatientSnapshotV1, without(PatientSnapshotV1, 'familyId'))).toEqual(['familyId']);
    expect(await problems(PatientPaymentSnapshotV1, valid(PatientPaymentSnapshotV1, { changedBy: null }))).toEqual([
      'changedBy',
    ]);
  });

  it('a missing or malformed nested object', async () => {
    expect(await problems(WorkOrderSnapshotV1, without(WorkOrderSnapshotV1, 'paymentPlan'))).toEqual(['paymentPlan']);
    expect(await problems(ContractSnapshotV1, without(ContractSnapshotV1, 'schedule'))).toEqual(['schedule']);
    const badReason = valid(TreatmentSnapshotV1, { correction: { reason: 'whim', memo: null } });
    expect(await problems(TreatmentSnapshotV1, badReason)).toEqual(['correction.reason']);
  });

  it('a value outside its list, a bad date, a bad timestamp, a fractional revision', async () => {
    const alert = valid(AlertSnapshotV1, { status: 'closed', date: '2026-02-30', createdAt: 'yesterday' });
    expect(await problems(AlertSnapshotV1, alert)).toEqual(['date', 'status', 'createdAt']);
    const settings = valid(ClinicProgressSettingsChangedV1, { mode: 'bonus', costPercent: '120.00', revision: 1.5 });
    expect(await problems(ClinicProgressSettingsChangedV1, settings)).toEqual(['mode', 'costPercent', 'revision']);
    expect(await problems(ClinicCreatedV1, valid(ClinicCreatedV1, { currency: 'eur' }))).toEqual(['currency']);
  });
});
