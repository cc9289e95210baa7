// Settings over the typed client: clinics (and their bank charge, progress-payment and notification settings), report
// subscriptions and users. Query keys: settingsKeys. A clinic change also refreshes GET /me (its clinics carry the
// bank charge the Account page's payment form reads) and the reports (the Progress Payment follows the mode).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@dental/api-client';
import { api, ApiFailure, unwrap } from '../app/api';
import { meKeys } from '../app/session';
import { reportKeys } from '../reports/useReports';

export type ClinicView = Schema<'ClinicView'>;
export type ProgressSettings = Pick<Schema<'ProgressSettings'>, 'mode' | 'costPercent'>;
export type ProgressMode = Schema<'ProgressSettingsDto'>['mode'];
export type NotificationSettings = Schema<'NotificationSettings'>;
export type ReportSubscription = Schema<'ReportSubscription'>;
export type UserView = Schema<'UserView'>;
export type UserRole = UserView['roles'][number];

export const PROGRESS_MODES: ProgressMode[] = ['collections', 'treatments', 'registered'];
export const USER_ROLES: UserRole[] = ['admin', 'accountant', 'reception', 'physician', 'lab-manager'];
export const SUBSCRIPTION_REPORTS: ReportSubscription['report'][] = ['account-book-daily', 'finance-weekly'];
export const SUBSCRIPTION_FORMATS: ReportSubscription['format'][] = ['csv', 'xlsx', 'pdf'];

export const settingsKeys = {
  all: ['settings'] as const,
  clinics: () => [...settingsKeys.all, 'clinics'] as const,
  progress: (clinicId: string) => [...settingsKeys.all, 'progress', clinicId] as const,
  notifications: (clinicId: string) => [...settingsKeys.all, 'notifications', clinicId] as const,
  subscriptions: () => [...settingsKeys.all, 'report-subscriptions'] as const,
  users: () => [...settingsKeys.all, 'users'] as const,
  physicians: () => [...settingsKeys.all, 'physicians'] as const,
};

/**
 * A clinic opened a moment ago reaches reporting and notifications by its event: they answer 404 until then, so a
 * 404 is asked again for a few seconds; otherwise the app's rule (once more after a network failure or a 5xx).
 */
const untilKnown = {
  retry: (count: number, error: unknown) =>
    error instanceof ApiFailure && error.status < 500 ? error.status === 404 && count < 8 : count < 1,
  retryDelay: 750,
};

export function useClinics() {
  return useQuery({
    queryKey: settingsKeys.clinics(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/clinics', { signal })),
  });
}

function useRefreshClinics() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: settingsKeys.clinics() }),
      queryClient.invalidateQueries({ queryKey: meKeys.all }),
    ]);
}

export function useCreateClinic() {
  const refresh = useRefreshClinics();
  return useMutation({
    mutationFn: (body: Schema<'CreateClinicDto'>) => unwrap(api.POST('/api/v1/clinics', { body })),
    onSuccess: () => refresh(),
  });
}

/** PUT payment-settings: a number, "0" (typed by hand) or null (not set). */
export function useSetBankCharge() {
  const refresh = useRefreshClinics();
  return useMutation({
    mutationFn: ({ clinicId, bankChargePercent }: { clinicId: string; bankChargePercent: string | null }) =>
      unwrap(
        api.PUT('/api/v1/clinics/{id}/payment-settings', {
          params: { path: { id: clinicId } },
          body: { bankChargePercent },
        }),
      ),
    onSuccess: () => refresh(),
  });
}

/** The clinic's progress-payment settings as payments keeps them (never set: collections at 0 %). */
export function useProgressSettings(clinicId: string) {
  return useQuery({
    queryKey: settingsKeys.progress(clinicId),
    queryFn: async ({ signal }): Promise<ProgressSettings> => {
      const settings = await unwrap(
        api.GET('/api/v1/clinics/{id}/progress-settings', { params: { path: { id: clinicId } }, signal }),
      );
      return { mode: settings.mode, costPercent: settings.costPercent };
    },
  });
}

export function useSetProgressSettings(clinicId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'ProgressSettingsDto'>) =>
      unwrap(api.PUT('/api/v1/clinics/{id}/progress-settings', { params: { path: { id: clinicId } }, body })),
    onSuccess: async (saved) => {
      queryClient.setQueryData<ProgressSettings>(settingsKeys.progress(clinicId), {
        mode: saved.mode,
        costPercent: saved.costPercent,
      });
      await queryClient.invalidateQueries({ queryKey: reportKeys.all });
    },
  });
}

export function useNotificationSettings(clinicId: string) {
  return useQuery({
    queryKey: settingsKeys.notifications(clinicId),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/clinics/{id}/notification-settings', { params: { path: { id: clinicId } }, signal })),
    ...untilKnown,
  });
}

export function useSetNotificationSettings(clinicId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'NotificationSettingsDto'>) =>
      unwrap(api.PUT('/api/v1/clinics/{id}/notification-settings', { params: { path: { id: clinicId } }, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKeys.notifications(clinicId), saved);
      return queryClient.invalidateQueries({ queryKey: settingsKeys.notifications(clinicId) });
    },
  });
}

export function useReportSubscriptions() {
  return useQuery({
    queryKey: settingsKeys.subscriptions(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/report-subscriptions', { signal })),
  });
}

export function useCreateReportSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'CreateReportSubscriptionDto'>) =>
      unwrap(api.POST('/api/v1/report-subscriptions', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.subscriptions() }),
  });
}

export function useDeleteReportSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/report-subscriptions/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.subscriptions() }),
  });
}

export function useUsers() {
  return useQuery({
    queryKey: settingsKeys.users(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/users', { signal })),
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'CreateUserDto'>) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.users() }),
  });
}

/** Physicians of every clinic the caller sees: the names a physician's account is linked to. */
export function usePhysicians(enabled = true) {
  return useQuery({
    queryKey: settingsKeys.physicians(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/physicians', { signal })),
    enabled,
  });
}
