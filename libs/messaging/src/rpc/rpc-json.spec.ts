import { toJson } from './rpc-json';

describe('toJson (RPC payloads and replies)', () => {
  it('writes plain values as JSON.stringify does', () => {
    const value = { ok: true, value: { items: [{ amount: '10.00', n: 2 }], missing: undefined } };
    expect(toJson(value)).toBe(JSON.stringify(value));
  });

  it('writes bigints as decimal strings, wherever they are', () => {
    expect(JSON.parse(toJson({ a: 1n, list: [{ minor: -250n }] }))).toEqual({ a: '1', list: [{ minor: '-250' }] });
  });

  it('still fails on a cycle', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toJson(cyclic)).toThrow(TypeError);
  });
});
