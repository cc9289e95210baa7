import type { EntityManager } from '@mikro-orm/postgresql';

/** What a bound statement takes: text and numbers; JSON goes as its text and is cast in the SQL (`?::json`). */
export type BoundParam = string | number | boolean | null;

/**
 * Runs one statement in `em`'s transaction with its parameters bound (`?` become `$1…`, sent apart from the SQL) and
 * answers its rows. `em.execute` instead inlines every parameter into the SQL text, escaping it character by
 * character: for the read models' batch statements, whose one parameter is the JSON of a whole consumer batch, that
 * escaping was about a tenth of the consumer's CPU. Errors are the driver's own (with their SQLSTATE `code`).
 */
export async function executeBound<T extends object = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: readonly BoundParam[] = [],
): Promise<T[]> {
  const query = em.getKnex().raw(sql, [...params]);
  const trx = em.getTransactionContext();
  if (trx) query.transacting(trx);
  const result = (await query) as { rows: T[] };
  return result.rows;
}
