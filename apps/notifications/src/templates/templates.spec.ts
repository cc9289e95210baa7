import { formatDate, formatMoney, templates } from './templates';

describe('templates', () => {
  it('formats money from the decimal string in the clinic language and currency, exactly', () => {
    expect(formatMoney('1250.50', 'TRY', 'tr')).toBe('₺1.250,50');
    expect(formatMoney('1250.50', 'EUR', 'en')).toBe('€1,250.50');
    // beyond a float's 15-16 significant digits nothing is lost
    expect(formatMoney('90071992547409.93', 'EUR', 'en')).toBe('€90,071,992,547,409.93');
    expect(() => formatMoney('12,50', 'EUR', 'en')).toThrow('not a decimal amount');
  });

  it('writes dates as the clinic does', () => {
    expect(formatDate('2026-12-01', 'tr')).toBe('1 Aralık 2026');
    expect(formatDate('2026-12-01', 'en')).toBe('1 December 2026');
  });

  it('speaks Turkish to a Turkish clinic and English to others', () => {
    const facts = {
      clinicName: 'Merkez',
      patientName: 'Ali Yılmaz',
      date: '2026-12-01',
      amount: '1250.00',
      currency: 'TRY',
      note: 'kart',
    };
    expect(templates.alertToClinic('tr', facts)).toEqual({
      subject: 'Ödeme hatırlatması: Ali Yılmaz — 1 Aralık 2026',
      text: 'Sayın Merkez ekibi,\n\nAli Yılmaz adlı hastadan 1 Aralık 2026 tarihinde ₺1.250,00 tutarında ödeme bekleniyor.\nNot: kart',
    });
    expect(templates.alertToClinic('en', { ...facts, currency: 'EUR', amount: null, note: null })).toEqual({
      subject: 'Payment reminder: Ali Yılmaz — 1 December 2026',
      text: 'Dear Merkez team,\n\nA payment is expected from Ali Yılmaz on 1 December 2026.',
    });
  });
});
