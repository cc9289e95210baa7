import { AuditEntryView, WorkOrderPaymentView, WorkOrderView } from '@dental/contracts';
import { DateTime } from 'luxon';
import { clinicToday, composeWorkOrderDetails } from './work-order-details';

const order: WorkOrderView = {
  id: 'wo-1',
  organizationId: 'org',
  clinicId: 'clinic',
  labId: 'lab',
  patientId: null,
  number: 'WO-000001',
  description: 'Zirconia crown 26',
  documentedDate: '2026-11-01',
  status: 'sent',
  currency: 'EUR',
  paymentPlan: {
    totalAmount: '1000.00',
    paymentMethod: 'bank_transfer',
    installments: [
      { number: 1, dueDate: '2026-11-10', amount: '500.00' },
      { number: 2, dueDate: '2026-12-10', amount: '500.00' },
    ],
  },
  revision: 2,
  createdAt: '2026-11-01T09:00:00.000Z',
  audit: [
    {
      id: 'a2',
      entity: 'work-order',
      entityId: 'wo-1',
      action: 'updated',
      userId: 'u',
      at: '2026-11-03T09:00:00.000Z',
      reason: null,
      memo: null,
      before: { status: 'draft' },
      after: { status: 'sent' },
    },
    {
      id: 'a1',
      entity: 'work-order',
      entityId: 'wo-1',
      action: 'created',
      userId: 'u',
      at: '2026-11-01T09:00:00.000Z',
      reason: null,
      memo: null,
      before: null,
      after: {},
    },
  ],
};

const payment = (id: string, amount: string, extra: Partial<WorkOrderPaymentView> = {}): WorkOrderPaymentView => ({
  id,
  organizationId: 'org',
  clinicId: 'clinic',
  workOrderId: 'wo-1',
  labId: 'lab',
  date: '2026-11-05',
  amount,
  currency: 'EUR',
  method: 'cash',
  reference: null,
  note: null,
  revision: 1,
  deleted: false,
  ...extra,
});

const paymentAudit: AuditEntryView = {
  id: 'p1',
  entity: 'work-order-payment',
  entityId: 'pay-1',
  action: 'created',
  userId: 'u',
  at: '2026-11-02T09:00:00.000Z',
  reason: null,
  memo: null,
  before: null,
  after: { amount: '400.00' },
};

describe('composeWorkOrderDetails', () => {
  it('400.00 paid of 1000.00: partially paid, 600.00 outstanding, the first installment overdue', () => {
    const d = composeWorkOrderDetails(
      order,
      { items: [payment('pay-1', '400.00')], audit: [paymentAudit] },
      '2026-11-21',
    );
    expect(d).toEqual(
      expect.objectContaining({
        id: 'wo-1',
        number: 'WO-000001',
        paidAmount: '400.00',
        outstandingAmount: '600.00',
        paymentStatus: 'partially_paid',
        overdue: true,
        asOf: '2026-11-21',
      }),
    );
    expect(d.installments).toEqual([
      {
        number: 1,
        dueDate: '2026-11-10',
        amount: '500.00',
        coveredAmount: '400.00',
        remainingAmount: '100.00',
        overdue: true,
      },
      {
        number: 2,
        dueDate: '2026-12-10',
        amount: '500.00',
        coveredAmount: '0.00',
        remainingAmount: '500.00',
        overdue: false,
      },
    ]);
    expect(d.audit.map((a) => a.id)).toEqual(['a2', 'p1', 'a1']);
    expect(d.paymentPlan.totalAmount).toBe('1000.00');
  });

  it('deleted payments count for nothing; a refund lowers what was paid', () => {
    const d = composeWorkOrderDetails(
      order,
      {
        items: [
          payment('pay-1', '600.00'),
          payment('pay-2', '500.00', { deleted: true, revision: 2 }),
          payment('pay-3', '-100.00'),
        ],
        audit: [],
      },
      '2026-11-21',
    );
    expect(d.payments.map((p) => p.id)).toEqual(['pay-1', 'pay-3']);
    expect([d.paidAmount, d.outstandingAmount, d.paymentStatus, d.overdue]).toEqual([
      '500.00',
      '500.00',
      'partially_paid',
      false,
    ]);
  });

  it('more than the total is overpaid: a negative outstanding, the credit', () => {
    const d = composeWorkOrderDetails(order, { items: [payment('pay-1', '1250.00')], audit: [] }, '2027-01-01');
    expect([d.paidAmount, d.outstandingAmount, d.paymentStatus, d.overdue]).toEqual([
      '1250.00',
      '-250.00',
      'overpaid',
      false,
    ]);
  });

  it('nothing paid: unpaid, overdue only once a due date has passed', () => {
    expect(composeWorkOrderDetails(order, { items: [], audit: [] }, '2026-11-10')).toEqual(
      expect.objectContaining({
        paidAmount: '0.00',
        outstandingAmount: '1000.00',
        paymentStatus: 'unpaid',
        overdue: false,
      }),
    );
    expect(composeWorkOrderDetails(order, { items: [], audit: [] }, '2026-11-11').overdue).toBe(true);
  });

  it("names the patient and each entry's author; null for a user no longer there and for an order without a patient", () => {
    const names = { patientName: 'Ada Lovelace', userNames: new Map([['u', 'Ayla Accountant']]) };
    const withPatient = composeWorkOrderDetails(
      { ...order, patientId: 'patient-1' },
      { items: [], audit: [{ ...paymentAudit, userId: 'gone' }] },
      '2026-11-21',
      names,
    );
    expect(withPatient.patientName).toBe('Ada Lovelace');
    expect(withPatient.audit.map((a) => [a.id, a.userName])).toEqual([
      ['a2', 'Ayla Accountant'],
      ['p1', null],
      ['a1', 'Ayla Accountant'],
    ]);
    expect(composeWorkOrderDetails(order, { items: [], audit: [] }, '2026-11-21', names).patientName).toBeNull();
  });
});

describe('clinicToday', () => {
  const now = DateTime.fromISO('2026-11-21T22:30:00Z', { zone: 'utc' });
  it("is the clinic's date in its time zone, UTC when the zone is unknown", () => {
    expect(clinicToday('Europe/Istanbul', now)).toBe('2026-11-22');
    expect(clinicToday('UTC', now)).toBe('2026-11-21');
    expect(clinicToday('Not/AZone', now)).toBe('2026-11-21');
    expect(clinicToday(undefined, now)).toBe('2026-11-21');
  });
});
