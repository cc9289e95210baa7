// Reports over the typed client. Query keys: reportKeys; money changes elsewhere make them stale by staleTime only
// (a report is read, not edited, on this screen).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { operations, Schema } from '@dental/api-client';
import { api, unwrap } from '../app/api';

export type AccountBookQuery = operations['getAccountBook']['parameters']['query'];
export type ProgressQuery = operations['getProgressPayments']['parameters']['query'];
export type ReportFormat = 'csv' | 'xlsx' | 'pdf';
export const REPORT_FORMATS: ReportFormat[] = ['csv', 'xlsx', 'pdf'];

export const reportKeys = {
  all: ['reports'] as const,
  accountBook: (query: AccountBookQuery) => [...reportKeys.all, 'account-book', query] as const,
  progress: (query: ProgressQuery) => [...reportKeys.all, 'progress-payments', query] as const,
};

export function useAccountBook(query: AccountBookQuery) {
  return useQuery({
    queryKey: reportKeys.accountBook(query),
    // without `format` the answer is JSON (the file formats share the route)
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/reports/account-book', { params: { query }, signal })) as Promise<Schema<'AccountBook'>>,
    placeholderData: keepPreviousData,
  });
}

export function useProgressPayments(query: ProgressQuery) {
  return useQuery({
    queryKey: reportKeys.progress(query),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/reports/progress-payments', { params: { query }, signal })) as Promise<
        Schema<'ProgressPayments'>
      >,
    placeholderData: keepPreviousData,
  });
}

/** The download of exactly the report on screen: the same query, a file format. */
export function reportFileHref(
  path: 'account-book' | 'progress-payments',
  query: Record<string, unknown>,
  format: ReportFormat,
) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  params.set('format', format);
  return `/api/v1/reports/${path}?${params.toString()}`;
}
