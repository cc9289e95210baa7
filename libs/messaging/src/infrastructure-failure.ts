import { DomainError } from '@dental/contracts';
import { NatsError } from 'nats';

// PostgreSQL SQLSTATEs of a server that is down, restarting, overloaded or that gave up a transaction it may redo:
// connection exceptions (08), operator intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
// connect now), too many connections, serialization failure and deadlock.
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53400', '40001', '40P01', '55P03']);

// Node's socket errors, and the texts pg and knex give when a connection is lost or none can be had.
const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const MESSAGES = [
  /Connection terminated/i,
  /Timeout acquiring a connection/i,
  /not queryable/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /connect ECONNREFUSED/i,
  /Connection ended unexpectedly/i,
  // knex, when a query follows in a transaction whose connection PostgreSQL just dropped
  /Transaction query already complete/i,
];

/**
 * True when `e` says our own infrastructure failed (database or bus unreachable, a transaction PostgreSQL gave up,
 * a neighbour service that is down or did not answer), not the message or request itself. Such a failure is
 * answered with a 503 and retried by a consumer without spending the message's deliveries.
 */
export function isInfrastructureFailure(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  if (e instanceof DomainError) return e.status === 503;
  if (e instanceof NatsError) return true;
  const err = e as { code?: unknown; sqlState?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof err.code === 'string' ? err.code : typeof err.sqlState === 'string' ? err.sqlState : '';
  if (code.startsWith('08') || TRANSIENT_SQLSTATES.has(code) || NODE_CODES.has(code)) return true;
  if (typeof err.message === 'string' && MESSAGES.some((m) => m.test(err.message as string))) return true;
  if (Array.isArray(err.errors) && err.errors.some((x) => isInfrastructureFailure(x, depth + 1))) return true;
  return isInfrastructureFailure(err.cause, depth + 1);
}
