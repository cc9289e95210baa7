// A record's history (DOMAIN.md E): every version with who, when, the reason and each field's before → after.
// Query keys: historyKeys; a correction invalidates historyKeys.all, and an opened history is always asked again.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../app/api';

export type HistorySubject = 'patient-payment' | 'work-order-payment' | 'treatment' | 'invoice' | 'closure';

export const historyKeys = {
  all: ['history'] as const,
  of: (subject: HistorySubject, id: string) => [...historyKeys.all, subject, id] as const,
};

export function useHistory(subject: HistorySubject, id: string) {
  return useQuery({
    queryKey: historyKeys.of(subject, id),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/history/{subject}/{id}', { params: { path: { subject, id } }, signal })),
    staleTime: 0,
  });
}
