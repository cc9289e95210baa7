// Who is signed in (GET /me), the clinic chosen in the top bar, and sign-in / sign-out. An API answer of 401
// anywhere sends the user back to the sign-in page with the session-ended message.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiFailure, onSessionEnded, unwrap } from './api';
import { endSession, startSession, type Credentials, type Me } from './session-api';
import { can, type Ability } from './roles';
import type { ClinicLocale } from './format';
import { setLanguage } from '../i18n/i18n';

export const meKeys = { all: ['me'] as const };

export type Clinic = Me['clinics'][number];
type SignedOutReason = 'sessionEnded' | 'signedOut' | undefined;

interface Session {
  me: Me;
  /** the clinic chosen in the top bar; undefined = all my clinics */
  clinicId: string | undefined;
  setClinicId(id: string | undefined): void;
  clinic: Clinic | undefined;
  /** the locale figures and words are in: the chosen clinic's; with all clinics, the browser's language */
  locale: ClinicLocale;
  currency: string;
  can(ability: Ability): boolean;
  signOut(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);
const CLINIC_KEY = 'df.clinic';

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export function useMe() {
  return useQuery({
    queryKey: meKeys.all,
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    retry: false,
    staleTime: 5 * 60_000,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) => startSession(credentials),
    onSuccess: async () => {
      await queryClient.fetchQuery({ queryKey: meKeys.all, queryFn: () => unwrap(api.GET('/api/v1/me')) });
    },
  });
}

/** Renders `signedIn` with the session, or `signedOut` with why the user is there. */
export function SessionGate(props: {
  signedIn: ReactNode;
  signedOut: (reason: SignedOutReason) => ReactNode;
  loading: ReactNode;
}) {
  const queryClient = useQueryClient();
  const me = useMe();
  const forgetEverything = useCallback(() => {
    queryClient.setQueryData(meKeys.all, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKeys.all[0] });
  }, [queryClient]);
  const [reason, setReason] = useState<SignedOutReason>();
  const [clinicId, setClinicIdState] = useState<string | undefined>(
    () => localStorage.getItem(CLINIC_KEY) ?? undefined,
  );

  useEffect(
    () =>
      onSessionEnded(() => {
        // a 401 while signed in: the session ended (expired or signed out elsewhere)
        if (!queryClient.getQueryData(meKeys.all)) return;
        setReason('sessionEnded');
        forgetEverything();
      }),
    [queryClient, forgetEverything],
  );

  const setClinicId = useCallback((id: string | undefined) => {
    if (id) localStorage.setItem(CLINIC_KEY, id);
    else localStorage.removeItem(CLINIC_KEY);
    setClinicIdState(id);
  }, []);

  const signOut = useCallback(() => {
    void endSession()
      .catch(() => undefined)
      .then(() => {
        setReason('signedOut');
        localStorage.removeItem(CLINIC_KEY);
        setClinicIdState(undefined);
        forgetEverything();
      });
  }, [forgetEverything]);

  const data = me.data ?? undefined;
  const session = useMemo<Session | undefined>(() => {
    if (!data) return undefined;
    const clinic = data.clinics.find((c) => c.id === clinicId);
    const shown = clinic ?? data.clinics[0];
    const browserLocale: ClinicLocale = navigator.language.toLowerCase().startsWith('tr') ? 'tr' : 'en';
    return {
      me: data,
      clinicId: clinic?.id,
      setClinicId,
      clinic,
      locale: clinic ? (clinic.locale as ClinicLocale) : browserLocale,
      currency: shown?.currency ?? 'EUR',
      can: (ability) => can(data.roles, ability),
      signOut,
    };
  }, [data, clinicId, setClinicId, signOut]);

  useEffect(() => {
    if (session) setLanguage(session.locale);
  }, [session]);

  if (me.isPending) return <>{props.loading}</>;
  if (!session) {
    const failedOtherwise = me.error instanceof ApiFailure && me.error.status !== 401;
    return <>{props.signedOut(failedOtherwise ? undefined : reason)}</>;
  }
  return <SessionContext.Provider value={session}>{props.signedIn}</SessionContext.Provider>;
}
