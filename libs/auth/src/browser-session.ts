import { timingSafeEqual } from 'node:crypto';

/** The httpOnly cookie a browser signs in with: the same JWT as `POST /auth/login` gives (path /api). */
export const SESSION_COOKIE = 'df_session';
/** The readable cookie whose value a browser sends back in X-CSRF-Token on every mutating request (path /). */
export const CSRF_COOKIE = 'df_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Methods that change something: with the session cookie they need the CSRF header. */
export const MUTATING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The `Cookie` request header as name → value (RFC 6265 pairs split by `;`). The first pair of a name wins, as
 * browsers send the most specific path first; a quoted value loses its quotes; a value that is not valid
 * percent-encoding is kept as sent. Pairs without `=` or with an empty name are ignored.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

/** The CSRF header matches the CSRF cookie (both present, equal, compared in constant time). */
export function csrfTokenMatches(cookie: string | undefined, header: string | string[] | undefined): boolean {
  if (!cookie || typeof header !== 'string' || !header) return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}
