// Finance data (both tabs) over the typed client. Query keys: financeKeys; anything that changes money invalidates
// financeKeys.all (see work-orders/useWorkOrders.ts).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../app/api';
import type { operations } from '@dental/api-client';

type LabsQuery = NonNullable<operations['listFinanceLabs']['parameters']['query']>;
type WorkOrdersQuery = NonNullable<operations['listFinanceWorkOrders']['parameters']['query']>;

export const financeKeys = {
  all: ['finance'] as const,
  labs: (query: LabsQuery) => [...financeKeys.all, 'labs', query] as const,
  workOrders: (query: WorkOrdersQuery) => [...financeKeys.all, 'work-orders', query] as const,
};

export function useFinanceLabs(query: LabsQuery) {
  return useQuery({
    queryKey: financeKeys.labs(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/finance/labs', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useFinanceWorkOrders(query: WorkOrdersQuery) {
  return useQuery({
    queryKey: financeKeys.workOrders(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/finance/work-orders', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
