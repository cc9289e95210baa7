import { formatPercent, compareAmounts, formatDate, formatMoney, formatNumber, fromMinor, toMinor } from './format';

describe('formatting in the clinic locale', () => {
  it('writes money the way a Turkish and an English clinic read it', () => {
    expect(formatMoney('1250.50', 'TRY', 'tr')).toBe('₺1.250,50');
    expect(formatMoney('1250.50', 'EUR', 'en')).toBe('€1,250.50');
    expect(formatMoney('-600.00', 'EUR', 'en')).toBe('-€600.00');
    expect(formatMoney('0', 'TRY', 'tr')).toBe('₺0,00');
  });

  it('formats a decimal string exactly, beyond what a float holds', () => {
    expect(formatMoney('123456789012345.67', 'EUR', 'en')).toBe('€123,456,789,012,345.67');
  });

  it('writes counts and calendar dates in the clinic locale, whatever the time zone', () => {
    expect(formatNumber(12500, 'tr')).toBe('12.500');
    expect(formatNumber(12500, 'en')).toBe('12,500');
    expect(formatDate('2026-11-21', 'tr')).toBe('21.11.2026');
    expect(formatDate('2026-11-21', 'en')).toBe('21/11/2026');
  });

  it('sums and compares decimal amounts exactly', () => {
    expect(fromMinor(toMinor('0.10') + toMinor('0.20'))).toBe('0.30');
    expect(fromMinor(toMinor('1000.00') - toMinor('1000.01'))).toBe('-0.01');
    expect(compareAmounts('1250.00', '600.00')).toBe(1);
    expect(compareAmounts('-1', '0.5')).toBe(-1);
    expect(compareAmounts('2.50', '2.5')).toBe(0);
    expect(() => toMinor('1,5')).toThrow('not a decimal amount');
  });

  it('writes a percentage as the locale does, exactly', () => {
    expect(formatPercent('2.5', 'en')).toBe('2.50 %');
    expect(formatPercent('60.00', 'en')).toBe('60.00 %');
    expect(formatPercent('12.3456', 'tr')).toBe('%12,3456');
    expect(formatPercent('100', 'tr')).toBe('%100,00');
  });
});
