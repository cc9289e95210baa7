// The one client of the gateway's API: the typed client of libs/api-client, sent with the session cookie
// (credentials: 'include') and, on every mutating request, the X-CSRF-Token header the gateway checks
// against its readable df_csrf cookie. An ended session (401) tells the app to show the sign-in page.
import { createDentalApiClient, type ApiError, type DentalApiClient } from '@dental/api-client';

type Middleware = Parameters<DentalApiClient['use']>[0];

export const CSRF_COOKIE = 'df_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(name: string, cookies: string = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

type SessionEndedListener = (code: string | undefined) => void;
const sessionEndedListeners = new Set<SessionEndedListener>();
/** Called with the error code when the API answers 401 (the session ended or never was). */
export function onSessionEnded(listener: SessionEndedListener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) {
      const token = readCookie(CSRF_COOKIE);
      if (token) request.headers.set('X-CSRF-Token', token);
    }
    return request;
  },
};

const sessionWatch: Middleware = {
  async onResponse({ request, response }) {
    if (response.status === 401 && !request.url.includes('/api/v1/auth/')) {
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as Partial<ApiError> | undefined;
      for (const listener of sessionEndedListeners) listener(body?.code);
    }
    return response;
  },
};

export const api = createDentalApiClient({ baseUrl: window.location.origin, credentials: 'include' });
api.use(csrf, sessionWatch);

/** An error answer of the API, thrown by the hooks so TanStack Query and the forms can read it. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ApiError>,
  ) {
    super(body.message ?? `HTTP ${status}`);
  }
  /** field → reasons, from a 400's details ([{ field, reasons }]) */
  get fieldErrors(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (Array.isArray(this.body.details)) {
      for (const d of this.body.details as { field?: unknown; reasons?: unknown }[]) {
        if (typeof d?.field === 'string') out[d.field] = Array.isArray(d.reasons) ? d.reasons.map(String) : [];
      }
    }
    return out;
  }
}

/** Unwraps an openapi-fetch answer: its data, or an ApiFailure thrown. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiFailure(response.status, (error ?? {}) as Partial<ApiError>);
  return data as T;
}

/** A new Idempotency-Key for a create: one per form submission, reused on a retry of the same submission. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
