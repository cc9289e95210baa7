/**
 * Reporting's hand-written SQL lives in named `<feature>/<feature>.sql.ts` modules (their callers keep the logic and
 * bind the parameters). test/sql-statements.int-spec.ts imports every such module and EXPLAINs each statement on the
 * migrated database with the sample parameters declared next to it: a typo, a dropped column or a wrong parameter
 * count fails that test, naming the statement.
 */

/** Parameters as a caller binds them: `?` placeholders in order (an array fills `in (?)`), or the values of `:name`s. */
export type SqlSample = readonly unknown[] | Readonly<Record<string, unknown>>;

/** A statement with fixed text. */
export interface SqlStatement {
  readonly text: string;
  readonly sample: SqlSample;
}

/**
 * A statement whose text is built from arguments (a column from a whitelist, conditions generated from the filters),
 * with sample arguments and the parameters of the text they build.
 */
export interface SqlTemplate<A extends unknown[]> {
  readonly build: (...args: A) => string;
  readonly samples: ReadonlyArray<{ readonly args: A; readonly sample: SqlSample }>;
}

/** A statement EXPLAIN does not take (SET, LOCK, …), and why; the test lists it instead. */
export interface UnexplainableSql {
  readonly text: string;
  readonly notExplainable: string;
}

export const statement = (text: string, sample: SqlSample): SqlStatement => ({ text, sample });

export const template = <A extends unknown[]>(
  build: (...args: A) => string,
  ...samples: Array<{ args: A; sample: SqlSample }>
): SqlTemplate<A> => ({ build, samples });

/** Sample values of the usual column types. */
export const SAMPLE = {
  uuid: '00000000-0000-4000-8000-000000000001',
  uuid2: '00000000-0000-4000-8000-000000000002',
  date: '2026-01-31',
  json: '[]',
} as const;
