import { BigIntType } from '@mikro-orm/core';

const INTEGER = /^-?\d+$/;

function refuse(value: unknown, direction: string): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
  throw new TypeError(`MinorUnitsType: ${direction} must be an integer bigint, got ${shown}`);
}

/**
 * A PostgreSQL `bigint` column as a JS `bigint`, exact: money in minor units (`Money.of(entity.amountMinor, currency)`)
 * or another stored integer. MikroORM's `BigIntType('bigint')` with the holes closed: a JS `number` is refused both
 * ways (above 2^53 it has already lost digits), and so is text that is not an integer.
 */
export class MinorUnitsType extends BigIntType {
  constructor() {
    super('bigint');
  }

  override convertToDatabaseValue(value: bigint | null | undefined): string | null | undefined {
    if (value == null) return value;
    if (typeof value === 'bigint') return value.toString();
    // the database value itself (MikroORM compares snapshots in that form), never a number
    if (typeof value === 'string' && INTEGER.test(value)) return value;
    return refuse(value, 'an amount written');
  }

  override convertToJSValue(value: string | bigint | null | undefined): bigint | null | undefined {
    if (value == null) return value;
    if (typeof value === 'bigint') return value;
    // node-postgres answers int8 as text; a number here would mean a type parser lost precision on the way
    if (typeof value === 'string' && INTEGER.test(value)) return BigInt(value);
    return refuse(value, 'an amount read');
  }

  /** As text, like the database value: JSON has no bigint and a number would round. */
  override toJSON(value: bigint | null | undefined): bigint | null | undefined {
    return this.convertToDatabaseValue(value) as unknown as bigint | null | undefined;
  }

  /** Whatever mode discovery infers from the property's declared type, the value is a bigint. */
  override compareAsType(): string {
    return 'bigint';
  }
}
