// The browser's cookie session through the typed client: POST /api/v1/auth/session signs in (the gateway sets the
// httpOnly df_session and the readable df_csrf cookies; the token never reaches the page), DELETE signs out.
import type { Schema } from '@dental/api-client';
import { api, unwrap } from './api';

export type Me = Schema<'Me'>;
export type SessionStarted = Schema<'BrowserSession'>;
export type Credentials = Schema<'LoginDto'>;

export function startSession(credentials: Credentials): Promise<SessionStarted> {
  return unwrap(api.POST('/api/v1/auth/session', { body: credentials }));
}

export async function endSession(): Promise<void> {
  const { response } = await api.DELETE('/api/v1/auth/session');
  // 401: the session had already ended, which is what signing out wants
  if (!response.ok && response.status !== 401) await unwrap(Promise.resolve({ error: {}, response }));
}
