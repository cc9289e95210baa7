// Finance data (both tabs) over the typed client. Query keys: financeKeys; anything that changes money invalidates
// financeKeys.all (see work-orders/useWorkOrders.ts).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ApiFailure, unwrap } from '../app/api';
import type { operations } from '@dental/api-client';

type LabsQuery = NonNullable<operations['listFinanceLabs']['parameters']['query']>;
type WorkOrdersQuery = NonNullable<operations['listFinanceWorkOrders']['parameters']['query']>;

export const financeKeys = {
  all: ['finance'] as const,
  labs: (query: LabsQuery) => [...financeKeys.all, 'labs', query] as const,
  workOrders: (query: WorkOrdersQuery) => [...financeKeys.all, 'work-orders', query] as const,
};

export function useFinanceLabs(query: LabsQuery, enabled = true) {
  return useQuery({
    enabled,
    queryKey: financeKeys.labs(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/finance/labs', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useFinanceWorkOrders(query: WorkOrdersQuery, enabled = true) {
  return useQuery({
    enabled,
    queryKey: financeKeys.workOrders(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/finance/work-orders', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/**
 * The API's refusal of the tab on screen (403: a role that may not see Finance, opened by URL), or undefined. The
 * same queries as the tabs' own (one request): the page then shows only the refusal, no filters or report menu.
 */
export function useFinanceRefusal(tab: string | undefined, query: { labs: LabsQuery; workOrders: WorkOrdersQuery }) {
  const labs = useFinanceLabs(query.labs, tab === 'labs');
  const workOrders = useFinanceWorkOrders(query.workOrders, tab === 'work-orders');
  const error = tab === 'labs' ? labs.error : tab === 'work-orders' ? workOrders.error : null;
  return error instanceof ApiFailure && error.status === 403 ? error : undefined;
}
