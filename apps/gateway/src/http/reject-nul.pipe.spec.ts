import { BadRequestException } from '@nestjs/common';
import { RejectNulPipe } from './reject-nul.pipe';

describe('RejectNulPipe', () => {
  const pipe = new RejectNulPipe();

  it('passes values without NUL through unchanged', () => {
    const body = { note: 'Gülüş – ödendi', items: [{ procedure: 'Filling' }], amount: '10.00', n: 3 };
    expect(pipe.transform(body)).toBe(body);
    expect(pipe.transform('plain')).toBe('plain');
    expect(pipe.transform(undefined)).toBeUndefined();
  });

  it('names the field holding a NUL, nested or in a list', () => {
    const fieldOf = (value: unknown, data?: string) => {
      try {
        pipe.transform(value, { type: 'param', data });
        return 'accepted';
      } catch (e) {
        expect(e).toBeInstanceOf(BadRequestException);
        return ((e as BadRequestException).getResponse() as { details: { field: string }[] }).details[0].field;
      }
    };
    expect(fieldOf({ note: 'a\u0000b' })).toBe('note');
    expect(fieldOf({ items: [{ procedure: 'ok' }, { procedure: '\u0000' }] })).toBe('items[1].procedure');
    expect(fieldOf('x\u0000')).toBe('value');
    expect(fieldOf('x\u0000', 'paymentId')).toBe('paymentId');
  });

  it('refuses a body nested deeper than 32 levels with a 400 naming where, without overflowing the stack', () => {
    const nest = (levels: number, leaf: unknown): unknown =>
      Array.from({ length: levels }).reduce<unknown>((inner) => ({ a: inner }), leaf);
    expect(() => pipe.transform({ x: nest(31, 'ok') })).not.toThrow();
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const body of [{ x: nest(32, 'ok') }, { name: 'd', x: deep }]) {
      try {
        pipe.transform(body);
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(BadRequestException);
        const res = (e as BadRequestException).getResponse() as { details: { field: string; reasons: string[] }[] };
        expect(res.details[0].field).toMatch(/^x/);
        expect(res.details[0].reasons).toEqual(['must not be nested deeper than 32 levels']);
      }
    }
  });
});
