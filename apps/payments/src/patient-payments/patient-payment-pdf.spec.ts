import { formatMoney, labelsFor } from './patient-payment-pdf';

describe('formatMoney (the clinic locale, exact digits)', () => {
  it('groups and marks decimals the English and the Turkish way', () => {
    expect(formatMoney('1025.00', 'EUR', 'en')).toBe('1,025.00\u00a0EUR');
    expect(formatMoney('1025.00', 'TRY', 'tr')).toBe('1.025,00\u00a0TRY');
    expect(formatMoney('-1234567.89', 'EUR', 'tr-TR')).toBe('-1.234.567,89\u00a0EUR');
    expect(formatMoney('0.05', 'EUR', 'en')).toBe('0.05\u00a0EUR');
    expect(formatMoney('1500', 'JPY', 'en')).toBe('1,500\u00a0JPY');
  });

  it('keeps digits no float could hold', () => {
    expect(formatMoney('90071992547409.93', 'EUR', 'en')).toBe('90,071,992,547,409.93\u00a0EUR');
  });

  it('reads Turkish for tr clinics, English otherwise', () => {
    expect(labelsFor('tr-TR').receipt).toBe('Makbuz');
    expect(labelsFor('de').receipt).toBe('Receipt');
  });
});
