import { breakingChanges } from './schema-compat';

const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const str = { type: 'string' };

describe('the compatibility rule on JSON schemas', () => {
  const base = obj({ id: str, amount: str, lines: { type: 'array', items: obj({ n: { type: 'number' } }) } });

  it('the same schema, or one that differs only in documentation, is compatible', () => {
    expect(breakingChanges(base, structuredClone(base))).toEqual([]);
    expect(breakingChanges(base, obj({ ...base.properties, id: { ...str, description: 'the id' } }))).toEqual([]);
  });

  it('an added optional field is compatible (additive)', () => {
    expect(breakingChanges(base, obj({ ...base.properties, note: str }, base.required))).toEqual([]);
  });

  it('a removed, retyped, newly required or no longer required field is breaking, named by its path', () => {
    expect(breakingChanges(base, obj({ id: str, lines: base.properties.lines }))).toEqual(['$.amount: removed']);
    expect(breakingChanges(base, obj({ ...base.properties, amount: { type: 'number' } }))).toEqual([
      '$.amount: type or constraints changed',
    ]);
    expect(breakingChanges(base, obj({ ...base.properties, note: str }))).toEqual(['$.note: added as required']);
    expect(breakingChanges(base, obj(base.properties, ['id', 'lines']))).toEqual(['$.amount: no longer required']);
    const optionalId = obj(base.properties, ['amount', 'lines']);
    expect(breakingChanges(optionalId, base)).toEqual(['$.id: became required']);
  });

  it('a reply may gain a required field (its one sender always fills it); an event or a request may not', () => {
    const wider = obj({ ...base.properties, note: str });
    expect(breakingChanges(base, wider, { newFieldsMayBeRequired: true })).toEqual([]);
    expect(breakingChanges(base, obj(base.properties, ['id']), { newFieldsMayBeRequired: true })).toEqual([
      '$.amount: no longer required',
      '$.lines: no longer required',
    ]);
  });

  it('nullable, enum and nested array changes are breaking', () => {
    expect(breakingChanges(base, obj({ ...base.properties, id: { type: ['string', 'null'] } }))).toEqual([
      '$.id: type or constraints changed',
    ]);
    const status = (values: string[]) => obj({ status: { type: 'string', enum: values } });
    expect(breakingChanges(status(['a', 'b']), status(['a', 'b', 'c']))).toEqual([
      '$.status: type or constraints changed',
    ]);
    const lines = obj({ ...base.properties, lines: { type: 'array', items: obj({ n: str }) } });
    expect(breakingChanges(base, lines)).toEqual(['$.lines[items].n: type or constraints changed']);
  });

  it('a reply that is not an object (a list, a union) is compared as a whole', () => {
    expect(breakingChanges({ anyOf: [str, { type: 'null' }] }, { anyOf: [str] })).toEqual(['$: anyOf changed']);
    expect(breakingChanges({ type: 'array', items: str }, { type: 'array', items: str })).toEqual([]);
  });
});
