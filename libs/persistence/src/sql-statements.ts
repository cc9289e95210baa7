import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A service's hand-written SQL lives in named `<feature>/<feature>.sql.ts` modules (their callers keep the logic and
 * bind the parameters). The service's test/sql-statements.int-spec.ts imports every such module and EXPLAINs each
 * statement on the migrated database with the sample parameters declared next to it: a typo, a dropped column or a
 * wrong parameter count fails that test, naming the statement.
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

// What the sql-statements tests share: which modules exist, what their entries are, how a sample is bound.

/** The `*.sql.ts` files under a service's src, as paths relative to it (`finance/finance.sql.ts`). */
export function sqlModuleFiles(src: string, dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sqlModuleFiles(src, join(dir, e.name))
      : e.name.endsWith('.sql.ts')
        ? [relative(src, join(dir, e.name)).split('\\').join('/')]
        : [],
  );
}

/** One entry to EXPLAIN with its sample, or one EXPLAIN cannot take with the reason. */
export type SqlCase = { name: string; text: string; sample: SqlSample } | { name: string; notExplainable: string };

const isStatement = (v: object): v is SqlStatement => 'text' in v && 'sample' in v;
const isTemplate = (v: object): v is SqlTemplate<unknown[]> => 'build' in v && 'samples' in v;
const isUnexplainable = (v: object): v is UnexplainableSql => 'notExplainable' in v;

/**
 * The entries of the modules' `…Sql` objects (modules by their path under src), named `<file> <Group>.<entry>`; a
 * template gives one case per sample. Anything else in a `…Sql` object throws.
 */
export function sqlCases(modules: Record<string, Record<string, unknown>>): SqlCase[] {
  const out: SqlCase[] = [];
  for (const [file, module] of Object.entries(modules)) {
    for (const [group, entries] of Object.entries(module)) {
      if (!group.endsWith('Sql')) continue;
      for (const [key, value] of Object.entries(entries as Record<string, object>)) {
        const name = `${file} ${group}.${key}`;
        if (isUnexplainable(value)) out.push({ name, notExplainable: value.notExplainable });
        else if (isStatement(value)) out.push({ name, text: value.text, sample: value.sample });
        else if (isTemplate(value)) {
          if (!value.samples.length) throw new Error(`${name}: a template needs at least one sample`);
          value.samples.forEach((s, i) =>
            out.push({ name: `${name} (sample ${i + 1})`, text: value.build(...s.args), sample: s.sample }),
          );
        } else throw new Error(`${name} is neither a statement, a template nor an unexplainable statement`);
      }
    }
  }
  return out;
}

/** How `:name`s become `?`s with their values in order (the service's own helper, e.g. reporting's named()). */
export type NamedToPositional = (
  text: string,
  values: Record<string, unknown>,
) => { sql: string; params: readonly unknown[] };

/**
 * The statement with one bound placeholder per value, as the callers run it: `:name`s through `named`, and a list
 * (`in (?)`) expanded to one placeholder per item. Throws when the placeholders and the values do not pair up.
 */
export function bindSample(
  text: string,
  sample: SqlSample,
  named?: NamedToPositional,
): { sql: string; bindings: unknown[] } {
  let positional: { sql: string; params: readonly unknown[] };
  if (Array.isArray(sample)) positional = { sql: text, params: sample as readonly unknown[] };
  else if (named) positional = named(text, sample as Record<string, unknown>);
  else throw new Error('a sample of :name values needs the service to say how names are bound');
  const placeholders = positional.sql.match(/\?/g)?.length ?? 0;
  if (placeholders !== positional.params.length)
    throw new Error(`${placeholders} placeholders, ${positional.params.length} sample values`);
  const bindings: unknown[] = [];
  let i = 0;
  const sql = positional.sql.replace(/\?/g, () => {
    const value = positional.params[i++];
    if (!Array.isArray(value)) {
      bindings.push(value);
      return '?';
    }
    bindings.push(...(value as unknown[]));
    return value.length ? value.map(() => '?').join(', ') : 'null';
  });
  return { sql, bindings };
}
