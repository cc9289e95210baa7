import { contentDisposition } from './patient-routes';

describe('contentDisposition', () => {
  it('keeps a plain name as it is', () => {
    expect(contentDisposition('receipt-000042.pdf')).toBe(
      `attachment; filename="receipt-000042.pdf"; filename*=UTF-8''receipt-000042.pdf`,
    );
  });

  it('sends a Turkish name as RFC 5987 UTF-8 with an ASCII fallback; quotes and backslashes cannot break out', () => {
    expect(contentDisposition('Tahsilat Ayşe "Ç" (1).pdf')).toBe(
      `attachment; filename="Tahsilat Ayse _C_ (1).pdf"; filename*=UTF-8''Tahsilat%20Ay%C5%9Fe%20%22%C3%87%22%20%281%29.pdf`,
    );
    expect(contentDisposition('Yılmaz İz.pdf')).toBe(
      `attachment; filename="Yilmaz Iz.pdf"; filename*=UTF-8''Y%C4%B1lmaz%20%C4%B0z.pdf`,
    );
  });
});
