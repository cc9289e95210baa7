import { Money } from '@dental/money';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { MinorUnitsType } from './minor-units.type';

describe('MinorUnitsType', () => {
  const type = new MinorUnitsType();
  const platform = new PostgreSqlPlatform();

  it('reads the text node-postgres answers for a bigint column as an exact bigint', () => {
    expect(type.convertToJSValue('125000')).toBe(125000n);
    expect(type.convertToJSValue('-50')).toBe(-50n);
    expect(type.convertToJSValue('0')).toBe(0n);
  });

  it('writes a bigint as its decimal text', () => {
    expect(type.convertToDatabaseValue(125000n)).toBe('125000');
    expect(type.convertToDatabaseValue(-50n)).toBe('-50');
  });

  it('keeps null (a nullable column) and undefined (not loaded) as they are', () => {
    expect(type.convertToJSValue(null)).toBeNull();
    expect(type.convertToDatabaseValue(null)).toBeNull();
    expect(type.convertToJSValue(undefined)).toBeUndefined();
    expect(type.convertToDatabaseValue(undefined)).toBeUndefined();
  });

  it('is exact beyond 2^53 up to the ends of a PostgreSQL bigint, both ways', () => {
    for (const text of ['9007199254740993', '9223372036854775807', '-9223372036854775808']) {
      const value = type.convertToJSValue(text)!;
      expect(value).toBe(BigInt(text));
      expect(type.convertToDatabaseValue(value)).toBe(text);
    }
    // what Number would have made of it
    expect(String(Number('9007199254740993'))).toBe('9007199254740992');
  });

  it('answers a value Money takes as it is', () => {
    const amount = Money.of(type.convertToJSValue('9007199254740993')!, 'EUR');
    expect(amount.toDecimal()).toBe('90071992547409.93');
  });

  it('refuses a JS number both ways, even a small one', () => {
    expect(() => type.convertToDatabaseValue(1250 as unknown as bigint)).toThrow(TypeError);
    expect(() => type.convertToJSValue(1250 as unknown as string)).toThrow(TypeError);
  });

  it('refuses text that is not an integer', () => {
    for (const text of ['', '12.50', '1e5', ' 1', 'abc']) {
      expect(() => type.convertToJSValue(text)).toThrow(/integer bigint/);
      expect(() => type.convertToDatabaseValue(text as unknown as bigint)).toThrow(/integer bigint/);
    }
  });

  it('takes the database value back as it is (MikroORM compares snapshots in that form)', () => {
    expect(type.convertToDatabaseValue('125000' as unknown as bigint)).toBe('125000');
    expect(type.convertToJSValue(125000n)).toBe(125000n);
  });

  it('serializes as text and compares as bigint', () => {
    expect(type.toJSON(9007199254740993n)).toBe('9007199254740993');
    expect(type.toJSON(null)).toBeNull();
    expect(type.compareAsType()).toBe('bigint');
    expect(type.getColumnType({} as never, platform)).toBe('bigint');
  });
});
