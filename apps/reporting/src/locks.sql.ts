import { SAMPLE, statement } from '@dental/persistence';

export const LockSql = {
  /**
   * Transaction-scoped advisory locks on the keys of a JSON array of texts, taken in the array's order (callers sort
   * it, so two transactions never wait on each other in a circle).
   */
  transactionLocks: statement(
    `select pg_advisory_xact_lock(hashtextextended(k, 0)) from json_array_elements_text(?::json) as keys(k)`,
    [SAMPLE.json],
  ),
};
