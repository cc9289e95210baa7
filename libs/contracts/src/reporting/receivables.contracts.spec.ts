import {
  PatientBalanceRow,
  RECEIVABLES_AGING_BUCKETS,
  RECEIVABLES_LABELS,
  ReceivablesAgingRow,
  ReceivablesLayouts,
} from './receivables.contracts';

describe('receivables files: labels and layouts', () => {
  it('has the same label keys in every language', () => {
    expect(Object.keys(RECEIVABLES_LABELS.tr).sort()).toEqual(Object.keys(RECEIVABLES_LABELS.en).sort());
  });

  it('writes as many cells as there are columns, in the columns order', () => {
    const aging: ReceivablesAgingRow = {
      patientId: 'p',
      name: 'Ali Yılmaz',
      clinicId: 'c',
      buckets: { '0-30': '1.00', '31-60': '2.00', '61-90': '3.00', '91+': '4.00' },
      total: '10.00',
      credit: '0.00',
      lastPaymentDate: null,
    };
    const columns = ReceivablesLayouts.agingColumns('tr');
    expect(columns.map((c) => c.title)).toEqual([
      'Hasta',
      ...RECEIVABLES_AGING_BUCKETS.map((b) => `${b} gün`),
      'Toplam',
      'Alacaklı',
      'Son ödeme',
    ]);
    expect(ReceivablesLayouts.agingCells(aging)).toEqual([
      'Ali Yılmaz',
      '1.00',
      '2.00',
      '3.00',
      '4.00',
      '10.00',
      '0.00',
      '',
    ]);
    expect(ReceivablesLayouts.agingTotals(aging, 'en')).toHaveLength(columns.length);
    const balance: PatientBalanceRow = {
      patientId: 'p',
      name: 'Ali Yılmaz',
      clinicId: 'c',
      treatmentTotal: '100.00',
      receivedTotal: '40.00',
      amount: '60.00',
      contractBalance: '0.00',
      lastPaymentDate: '2026-06-01',
    };
    expect(ReceivablesLayouts.balanceColumns('overpayers', 'en').map((c) => c.title)[3]).toBe('Received more');
    expect(ReceivablesLayouts.balanceCells(balance)).toHaveLength(ReceivablesLayouts.balanceColumns('debtors').length);
    expect(ReceivablesLayouts.balanceTotals(balance, 'tr')[0]).toBe('Toplam');
  });

  it('names the clinic (or all clinics) and the as-of date or the kind in the header', () => {
    expect(ReceivablesLayouts.filterLines('en', { clinicName: null, asOf: '2026-06-30' })).toEqual([
      { label: 'Clinic', value: 'All clinics' },
      { label: 'As of', value: '2026-06-30' },
    ]);
    expect(ReceivablesLayouts.filterLines('tr', { clinicName: 'Kadıköy Diş', kind: 'overpayers' })).toEqual([
      { label: 'Klinik', value: 'Kadıköy Diş' },
      { label: 'Hastalar', value: 'Fazla ödeme' },
    ]);
  });
});
