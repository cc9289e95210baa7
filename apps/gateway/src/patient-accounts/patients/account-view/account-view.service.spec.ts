import {
  AccountBasisView,
  AccountSubjects,
  CallerContext,
  CommonErrors,
  DomainError,
  NotificationSubjects,
  PatientPaymentSubjects,
  PatientPaymentView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { AccountViewService } from './account-view.service';

// The composition rules of the account page on fixed service answers; the services themselves are covered by the
// integration tests (apps/gateway/test/patient-account*.int-spec.ts).
const caller: CallerContext = {
  organizationId: 'org',
  clinicIds: '*',
  userId: 'u',
  roles: ['admin'],
  correlationId: 'c',
};
const patient = {
  id: 'p1',
  organizationId: 'org',
  clinicId: 'cl',
  firstName: 'Ali',
  lastName: 'Yılmaz',
  phone: null,
  email: null,
  familyId: null,
  currency: 'EUR',
};

const treatment = (id: string, physicianId: string | null, date: string, amount: string, closed: boolean) => ({
  id,
  organizationId: 'org',
  clinicId: 'cl',
  patientId: 'p1',
  physicianId,
  procedure: 'Filling',
  tooth: null,
  date,
  amount,
  currency: 'EUR',
  copiedFromPlanning: false,
  planItemId: null,
  invoiceId: id === 't3' ? 'inv' : null,
  invoiceNumber: id === 't3' ? 'INV-1' : null,
  deleted: false,
  revision: 1,
  closed,
  sourcePaymentId: null,
});

const payment = (id: string, date: string, amount: string, over: Partial<PatientPaymentView> = {}) =>
  ({
    id,
    patientId: 'p1',
    date,
    amount,
    contractId: null,
    closed: false,
    ...over,
  }) as PatientPaymentView;

function basis(): AccountBasisView {
  return {
    patient,
    treatments: [
      treatment('t1', 'dA', '2026-01-10', '300.00', true),
      treatment('t2', 'dA', '2026-03-01', '600.00', false),
      treatment('t3', 'dB', '2026-03-02', '400.00', false),
    ],
    physicians: [
      { id: 'dA', organizationId: 'org', clinicId: 'cl', name: 'Dr. A', commissionPercent: null },
      { id: 'dB', organizationId: 'org', clinicId: 'cl', name: 'Dr. B', commissionPercent: null },
    ],
    closures: [],
    closedThrough: '2026-02-01',
    contracts: [
      {
        id: 'k1',
        organizationId: 'org',
        clinicId: 'cl',
        patientId: 'p1',
        planId: null,
        contractDate: '2026-01-05',
        totalAmount: '300.00',
        downPayment: '0.00',
        installmentCount: 2,
        firstDueDate: '2026-02-05',
        schedule: [
          { number: 1, dueDate: '2026-02-05', amount: '150.00' },
          { number: 2, dueDate: '2026-03-05', amount: '150.00' },
        ],
        currency: 'EUR',
      },
    ],
    family: null,
    today: '2026-03-10',
  };
}

function service(alerts: () => Promise<unknown>, overrides: Record<string, () => Promise<unknown>> = {}) {
  const answers: Record<string, () => Promise<unknown>> = {
    [AccountSubjects.accountBasis]: async () => basis(),
    [PatientPaymentSubjects.list]: async () => ({
      items: [
        // closed by the basis's cut date even though payments has not flagged it yet (a close in progress)
        payment('m1', '2026-01-20', '100.00', { contractId: 'k1' }),
        payment('m2', '2026-03-03', '500.00', { contractId: 'k1' }),
        payment('m3', '2026-03-04', '-50.00', { contractId: 'k1' }),
      ],
    }),
    [NotificationSubjects.listAlerts]: alerts,
    ...overrides,
  };
  const rpc = { request: (subject: string) => answers[subject]() } as unknown as RpcClient;
  return new AccountViewService(rpc);
}

describe('AccountViewService.account', () => {
  it('cuts money and treatments at the basis closure date; the summary and distribution are the open part', async () => {
    const view = await service(async () => ({ items: [], total: 0 })).account('p1', false, caller);
    expect(view.treatments.map((t) => [t.id, t.physicianName, t.invoiced])).toEqual([
      ['t2', 'Dr. A', false],
      ['t3', 'Dr. B', true],
    ]);
    expect(view.receivedMoney.map((p) => p.id)).toEqual(['m2', 'm3']);
    expect(view.summary).toEqual({
      currency: 'EUR',
      treatmentTotal: '1000.00',
      receivedTotal: '450.00',
      unpaid: '550.00',
      receivedMore: '0.00',
    });
    expect(view.balanceDistribution.map((r) => [r.name, r.allocatedAmount, r.remainingAmount])).toEqual([
      ['Dr. A', '270.00', '330.00'],
      ['Dr. B', '180.00', '220.00'],
    ]);
    expect(view.alertsUnavailable).toBe(false);
    expect(view.family).toBeNull();
  });

  it('with showPaid lists everything and distributes everything, the summary unchanged', async () => {
    const view = await service(async () => ({ items: [], total: 0 })).account('p1', true, caller);
    expect(view.treatments.map((t) => [t.id, t.closed])).toEqual([
      ['t1', true],
      ['t2', false],
      ['t3', false],
    ]);
    expect(view.receivedMoney.map((p) => [p.id, p.closed])).toEqual([
      ['m1', true],
      ['m2', false],
      ['m3', false],
    ]);
    expect(view.summary.unpaid).toBe('550.00');
    expect(view.balanceDistribution.map((r) => [r.name, r.treatmentAmount, r.allocatedAmount])).toEqual([
      ['Dr. A', '900.00', '380.77'],
      ['Dr. B', '400.00', '169.23'],
    ]);
  });

  it('covers a contract with every record marked for it, closed ones and refunds included', async () => {
    const [contract] = (await service(async () => ({ items: [], total: 0 })).account('p1', false, caller)).contracts;
    expect(contract).toEqual(
      expect.objectContaining({ paidAmount: '550.00', coveredAmount: '300.00', receivableAmount: '0.00' }),
    );
    expect(contract).not.toHaveProperty('schedule');
  });

  it.each([
    ['does not answer', new DomainError(CommonErrors.UNAVAILABLE, 503, 'notifications is not running')],
    ['answers an error', new DomainError('ALERT.SOMETHING', 500, 'broken')],
  ])('still answers the page when notifications %s, flagged alertsUnavailable', async (_, error) => {
    const view = await service(() => Promise.reject(error)).account('p1', false, caller);
    expect(view).toEqual(expect.objectContaining({ alerts: [], alertsUnavailable: true }));
    expect(view.summary.unpaid).toBe('550.00');
  });

  it('fails the page when a service that keeps the account fails', async () => {
    const failing = new DomainError(CommonErrors.UNAVAILABLE, 503, 'payments is not running');
    const view = service(async () => ({ items: [], total: 0 }), {
      [PatientPaymentSubjects.list]: () => Promise.reject(failing),
    });
    await expect(view.account('p1', false, caller)).rejects.toBe(failing);
  });
});
