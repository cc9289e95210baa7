import type { ClosureView, TreatmentView, WorkOrderPaymentView, WorkOrderView } from '@dental/contracts';
import {
  closurePosting,
  entryLines,
  labPaymentAccount,
  Posting,
  receivedPosting,
  ReceivedMoney,
  treatmentPosting,
  workOrderPaymentPosting,
  workOrderPosting,
} from './posting-rules';

const clinicId = 'c1';
const signed = (p: Posting) => p.legs.map((l) => [l.account, l.amount]);
const balance = (p: Posting) => p.legs.reduce((s, l) => s + l.amount, 0n);

const treatment = (amount: string, extra: Partial<TreatmentView> = {}): TreatmentView => ({
  id: 't1',
  organizationId: 'o',
  clinicId,
  patientId: 'p',
  physicianId: null,
  procedure: 'Filling',
  tooth: null,
  date: '2026-06-01',
  amount,
  currency: 'EUR',
  copiedFromPlanning: false,
  planItemId: null,
  invoiceId: null,
  invoiceNumber: null,
  deleted: false,
  revision: 1,
  ...extra,
});
const received = (amount: string, extra: Partial<ReceivedMoney> = {}): ReceivedMoney => ({
  id: 'r1',
  clinicId,
  receiptNumber: '000042',
  date: '2026-06-02',
  amount,
  bankCost: null,
  paymentType: 'cash',
  currency: 'EUR',
  revision: 1,
  deleted: false,
  ...extra,
});

describe('journal posting rules (DOMAIN.md E)', () => {
  it('a treatment: Dr 1200 receivables / Cr 4000 revenue; deleted posts nothing', () => {
    expect(signed(treatmentPosting(treatment('300.00')))).toEqual([
      ['patient_receivables', 30000n],
      ['treatment_revenue', -30000n],
    ]);
    expect(treatmentPosting(treatment('300.00', { deleted: true })).legs).toEqual([]);
  });

  it('a card payment at 2.5 %: 1025.00 in card clearing, 25.00 bank fee out of it; reference = receipt number', () => {
    const p = receivedPosting(received('1025.00', { paymentType: 'card', bankCost: '25.00' }));
    expect(signed(p)).toEqual([
      ['card_clearing', 102500n],
      ['patient_receivables', -102500n],
      ['bank_fees', 2500n],
      ['card_clearing', -2500n],
    ]);
    expect(balance(p)).toBe(0n);
    expect(p.reference).toBe('000042');
  });

  it('money by type: cash 1000, bank transfer and check 1010, card 1020; a refund the reverse, out of cash', () => {
    expect(receivedPosting(received('10.00', { paymentType: 'bank_transfer' })).legs[0].account).toBe('bank');
    expect(receivedPosting(received('10.00', { paymentType: 'check' })).legs[0].account).toBe('bank');
    expect(signed(receivedPosting(received('-40.00', { paymentType: 'refund' })))).toEqual([
      ['cash', -4000n],
      ['patient_receivables', 4000n],
    ]);
  });

  it('closure write-off: unpaid Dr 4900 / Cr 1200, received more the reverse; the undo posts nothing', () => {
    const closure = (writtenOffAmount: string): ClosureView => ({
      id: 'k1',
      patientId: 'p',
      organizationId: 'o',
      clinicId,
      mode: 'past',
      date: '2026-06-30',
      treatmentTotal: '0.00',
      receivedTotal: '0.00',
      writtenOffAmount,
      currency: 'EUR',
      createdAt: '',
      createdBy: '',
    });
    expect(signed(closurePosting(closure('50.00'), false))).toEqual([
      ['write_offs', 5000n],
      ['patient_receivables', -5000n],
    ]);
    expect(signed(closurePosting(closure('-20.00'), false))).toEqual([
      ['write_offs', -2000n],
      ['patient_receivables', 2000n],
    ]);
    expect(closurePosting(closure('50.00'), true)).toMatchObject({ revision: 2, legs: [] });
  });

  it('work order: Dr 5100 / Cr 2100 of the plan total; cancelled nothing. Lab payment: Dr 2100 / Cr by method', () => {
    const wo: WorkOrderView = {
      id: 'w1',
      organizationId: 'o',
      clinicId,
      labId: 'l',
      patientId: null,
      number: 'WO-000001',
      description: '',
      documentedDate: '2026-06-03',
      status: 'sent',
      currency: 'EUR',
      paymentPlan: { totalAmount: '600.00', paymentMethod: 'cash', installments: [] },
      revision: 1,
      createdAt: '',
    };
    expect(signed(workOrderPosting(wo))).toEqual([
      ['lab_costs', 60000n],
      ['lab_payables', -60000n],
    ]);
    expect(workOrderPosting({ ...wo, status: 'cancelled' }).legs).toEqual([]);
    const pay: WorkOrderPaymentView = {
      id: 'x',
      organizationId: 'o',
      clinicId,
      workOrderId: 'w1',
      labId: 'l',
      date: '2026-06-04',
      amount: '-15.00',
      currency: 'EUR',
      method: 'check',
      reference: null,
      note: null,
      revision: 1,
      deleted: false,
    };
    const p = workOrderPaymentPosting(pay, 'WO-000001');
    expect(signed(p)).toEqual([
      ['lab_payables', -1500n],
      ['bank', 1500n],
    ]);
    expect(p.reference).toBe('WO-000001');
    expect(workOrderPaymentPosting(pay, null).reference).toBe('w1');
    expect(labPaymentAccount('other')).toBe('bank');
    expect(labPaymentAccount('card')).toBe('card_clearing');
    expect(labPaymentAccount('cash')).toBe('cash');
  });

  it('an edit reverses the old legs and posts the new ones; nothing for an old revision or an unchanged posting', () => {
    const v1 = treatmentPosting(treatment('300.00'));
    const v2 = treatmentPosting(treatment('250.00', { revision: 2 }));
    expect(entryLines(null, v1)).toEqual([
      { account: 'patient_receivables', debit: 30000n, credit: 0n },
      { account: 'treatment_revenue', debit: 0n, credit: 30000n },
    ]);
    expect(entryLines(v1, v2)).toEqual([
      { account: 'patient_receivables', debit: 0n, credit: 30000n },
      { account: 'treatment_revenue', debit: 30000n, credit: 0n },
      { account: 'patient_receivables', debit: 25000n, credit: 0n },
      { account: 'treatment_revenue', debit: 0n, credit: 25000n },
    ]);
    expect(entryLines(v2, v1)).toBeNull();
    expect(entryLines(v1, { ...v1, revision: 2, reference: 'renamed' })).toBeNull();
    expect(entryLines(v1, treatmentPosting(treatment('300.00', { revision: 3, date: '2026-06-05' })))).toHaveLength(4);
    expect(entryLines(v1, treatmentPosting(treatment('300.00', { revision: 3, deleted: true })))).toEqual([
      { account: 'patient_receivables', debit: 0n, credit: 30000n },
      { account: 'treatment_revenue', debit: 30000n, credit: 0n },
    ]);
    expect(entryLines(null, treatmentPosting(treatment('0.00')))).toBeNull();
  });
});
