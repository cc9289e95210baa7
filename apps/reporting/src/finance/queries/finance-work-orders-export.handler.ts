import {
  CallerContext,
  FinanceWorkOrderExportRow,
  FinanceWorkOrdersExportChunk,
  FinanceWorkOrdersExportChunkQueryDto,
} from '@dental/contracts';
import { currencyMinorDigits } from '@dental/money';
import { IsolationLevel } from '@mikro-orm/core';
import { EntityManager, Knex } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FinanceSql } from '../finance.sql';
import {
  and,
  currencyOfEmptyAnswer,
  dateCondition,
  FinanceScope,
  resolveScope,
  scopeCondition,
  seesNothing,
  singleCurrency,
} from './finance-scope';
import { sumWorkOrders, totalsOf } from './finance-sums';
import { checkPeriod } from './period';
import { Cursor, decodeCursor, encodeCursor, keysetCondition, parseSort, WorkOrderSort } from './work-order-sort';

/** One row as PostgreSQL hands it over (an array): the export's eight cells' sources, currency, sort value, id. */
type RawRow = [
  number: string,
  labName: string,
  paymentMethod: FinanceWorkOrderExportRow[2],
  paid: string,
  total: string,
  outstanding: string,
  paymentStatus: FinanceWorkOrderExportRow[6],
  documentedDate: string,
  currency: string,
  sortValue: string | number,
  id: string,
];

/** A chunk's serialized size stays under this (NATS refuses messages over 1 MB): long lab names shorten the chunk. */
const MAX_CHUNK_BYTES = 800_000;
/** How long a chunk read ahead waits for the request that asks for it. */
const READ_AHEAD_MS = 30_000;

/** Minor units as text ("-1250") → the decimal string Money#toDecimal gives ("-12.50"), without a BigInt per value. */
export function decimalOfMinor(minor: string, digits: number): string {
  if (digits === 0) return minor;
  const negative = minor.startsWith('-');
  const magnitude = (negative ? minor.slice(1) : minor).padStart(digits + 1, '0');
  const cut = magnitude.length - digits;
  return `${negative ? '-' : ''}${magnitude.slice(0, cut)}.${magnitude.slice(cut)}`;
}

/**
 * Generate Report of the Work Orders tab, one keyset chunk per request: the rows of the tab (same filters, same
 * order) as arrays, the sums of exactly those rows and where the next chunk starts. Only the first chunk checks the
 * currencies of the whole set (one currency or 422, as the tab); later chunks check their own rows. While a chunk is
 * sent and written, the next one is already read (same statement, same scope): the database works while the
 * exporter writes.
 */
@Injectable()
export class FinanceWorkOrdersExportHandler {
  private readonly readAhead = new Map<string, { rows: Promise<RawRow[]>; timer: NodeJS.Timeout }>();

  constructor(private readonly em: EntityManager) {}

  async execute(
    query: FinanceWorkOrdersExportChunkQueryDto,
    caller: CallerContext,
  ): Promise<FinanceWorkOrdersExportChunk> {
    const sort = parseSort(query.sort);
    const cursor = query.after !== undefined ? decodeCursor(query.after, sort) : undefined;
    checkPeriod(query.from, query.to);
    const { scope, setCurrency } = await this.em.transactional(
      async (em) => {
        const scope = await resolveScope(em, query, caller);
        if (cursor || seesNothing(scope)) return { scope, setCurrency: undefined };
        const groups = await sumWorkOrders(em, scope, query, false);
        return {
          scope,
          setCurrency: singleCurrency(groups.map((g) => g.currency)) ?? (await currencyOfEmptyAnswer(em, scope)),
        };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
    if (seesNothing(scope)) return this.answer([], 'EUR', false, sort);
    let size = query.chunkSize;
    const raw = await this.rows(scope, query, sort, cursor, size);
    const more = raw.length > size;
    if (more) raw.length = size;
    const currencies = new Set(setCurrency ? [setCurrency] : []);
    let seen = '';
    for (const r of raw) if (r[8] !== seen) currencies.add((seen = r[8]).trim());
    const currency = singleCurrency(currencies) ?? (await currencyOfEmptyAnswer(this.em.fork(), scope));
    let bytes = 0;
    for (let i = 0; i < raw.length; i++) {
      bytes += raw[i][0].length + raw[i][1].length + raw[i][4].length * 3 + 70;
      if (bytes > MAX_CHUNK_BYTES) {
        size = i; // long lab names: a shorter chunk, the rest in the next
        raw.length = i;
        break;
      }
    }
    const answer = this.answer(raw, currency, more || size < query.chunkSize, sort);
    if (answer.nextCursor) {
      const last = raw[raw.length - 1];
      this.readNext(scope, query, sort, { sort: sort.text, value: last[9], id: last[10] }, query.chunkSize);
    }
    return answer;
  }

  private answer(raw: RawRow[], currency: string, more: boolean, sort: WorkOrderSort): FinanceWorkOrdersExportChunk {
    const digits = currencyMinorDigits(currency);
    const rows: FinanceWorkOrderExportRow[] = new Array(raw.length);
    let paid = 0n;
    let total = 0n;
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i];
      paid += BigInt(r[3]);
      total += BigInt(r[4]);
      rows[i] = [
        r[0],
        r[1],
        r[2],
        decimalOfMinor(r[3], digits),
        decimalOfMinor(r[4], digits),
        decimalOfMinor(r[5], digits),
        r[6],
        r[7],
      ];
    }
    const last = raw[raw.length - 1];
    return {
      rows: JSON.stringify(rows),
      sums: totalsOf({ count: BigInt(raw.length), paid, total }, currency),
      currency,
      nextCursor: more && last ? encodeCursor({ sort: sort.text, value: last[9], id: last[10] }) : null,
    };
  }

  /** The statement of a chunk, as a key: the same key is the same rows. */
  private statement(
    scope: FinanceScope,
    query: FinanceWorkOrdersExportChunkQueryDto,
    sort: WorkOrderSort,
    cursor: Cursor | undefined,
    size: number,
  ) {
    const where = and(
      scopeCondition(scope, 'rows'),
      dateCondition(query),
      ...(cursor ? [keysetCondition(cursor, sort)] : []),
    );
    const direction = sort.descending ? 'desc' : 'asc';
    const sql = FinanceSql.workOrdersExportChunk.build(where.sql, sort.column, direction);
    const params = [...where.params, size + 1];
    return { sql, params, key: JSON.stringify([sql, params]) };
  }

  /** The chunk's rows (one more than asked: whether more follow), read ahead or read now. */
  private rows(
    scope: FinanceScope,
    query: FinanceWorkOrdersExportChunkQueryDto,
    sort: WorkOrderSort,
    cursor: Cursor | undefined,
    size: number,
  ): Promise<RawRow[]> {
    const { sql, params, key } = this.statement(scope, query, sort, cursor, size);
    const ahead = this.readAhead.get(key);
    if (ahead) {
      this.readAhead.delete(key);
      clearTimeout(ahead.timer);
      return ahead.rows;
    }
    return this.select(sql, params);
  }

  private readNext(
    scope: FinanceScope,
    query: FinanceWorkOrdersExportChunkQueryDto,
    sort: WorkOrderSort,
    cursor: Cursor,
    size: number,
  ): void {
    const { sql, params, key } = this.statement(scope, query, sort, cursor, size);
    if (this.readAhead.has(key)) return;
    const rows = this.select(sql, params);
    rows.catch(() => undefined); // asked for again when its request comes; a failure then is that request's
    const timer = setTimeout(() => this.readAhead.delete(key), READ_AHEAD_MS);
    timer.unref();
    this.readAhead.set(key, { rows, timer });
  }

  /** Rows as arrays (no object per row), on a connection of its own. */
  private async select(sql: string, params: unknown[]): Promise<RawRow[]> {
    // knex.raw binds each `?` to one value: a list (`clinic_id in (?)`) gets one placeholder per item
    let i = 0;
    const bindings: unknown[] = [];
    const expanded = sql.replace(/\?/g, () => {
      const value = params[i++];
      if (!Array.isArray(value)) {
        bindings.push(value);
        return '?';
      }
      bindings.push(...value);
      return value.length ? value.map(() => '?').join(', ') : 'null';
    });
    const knex = this.em.fork().getKnex();
    const result = (await knex.raw(expanded, bindings as Knex.RawBinding[]).options({ rowMode: 'array' })) as {
      rows: RawRow[];
    };
    return result.rows;
  }
}
