// Work orders and their payments. Query keys: workOrderKeys. A change to a work order or its payments is awaited
// until the details, the lists and Finance are fetched again, so the figure the user changed is on screen when
// the request returns.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { operations, paths, Schema } from '@dental/api-client';
import { api, unwrap } from '../app/api';
import type { Correction } from '../common/corrections';
import { historyKeys } from '../common/useHistory';
import { financeKeys } from '../finance/useFinance';

export type WorkOrderDetails = Schema<'WorkOrderDetails'>;
export type WorkOrderPayment = Schema<'WorkOrderPaymentView'>;
export type ListQuery = NonNullable<operations['listWorkOrders']['parameters']['query']>;
export type NewWorkOrder = Schema<'CreateWorkOrderDto'>;
export type PaymentDraft = Schema<'WorkOrderPaymentDto'>;
type PatchBody = NonNullable<
  paths['/api/v1/work-orders/{id}/payments/{paymentId}']['patch']['requestBody']
>['content']['application/json'];
/** A payment's correction without its reason and memo (sent beside it). */
export type PaymentChange = Omit<PatchBody, 'reason' | 'memo'>;
export type ProductionStatus = NonNullable<Schema<'UpdateWorkOrderDto'>['status']>;
export const PRODUCTION_STATUSES: ProductionStatus[] = [
  'draft',
  'sent',
  'in_progress',
  'delivered',
  'completed',
  'cancelled',
];

export const workOrderKeys = {
  all: ['work-orders'] as const,
  lists: () => [...workOrderKeys.all, 'list'] as const,
  list: (query: ListQuery) => [...workOrderKeys.lists(), query] as const,
  detail: (id: string) => [...workOrderKeys.all, 'detail', id] as const,
};

function refreshAfterChange(queryClient: QueryClient, id?: string) {
  return Promise.all([
    id ? queryClient.invalidateQueries({ queryKey: workOrderKeys.detail(id) }) : undefined,
    queryClient.invalidateQueries({ queryKey: workOrderKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: financeKeys.all }),
    queryClient.invalidateQueries({ queryKey: historyKeys.all }),
  ]);
}

export function useWorkOrders(query: ListQuery) {
  return useQuery({
    queryKey: workOrderKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/work-orders', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useWorkOrder(id: string) {
  return useQuery({
    queryKey: workOrderKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/work-orders/{id}', { params: { path: { id } }, signal })),
  });
}

export function useCreateWorkOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: NewWorkOrder; idempotencyKey: string }) =>
      unwrap(api.POST('/api/v1/work-orders', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body })),
    onSuccess: () => refreshAfterChange(queryClient),
  });
}

export function useUpdateWorkOrder(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'UpdateWorkOrderDto'>) =>
      unwrap(api.PATCH('/api/v1/work-orders/{id}', { params: { path: { id } }, body })),
    onSuccess: () => refreshAfterChange(queryClient, id),
  });
}

export function useAddPayment(workOrderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PaymentDraft; idempotencyKey: string }) =>
      unwrap(
        api.POST('/api/v1/work-orders/{id}/payments', {
          params: { path: { id: workOrderId }, header: { 'Idempotency-Key': idempotencyKey } },
          body,
        }),
      ),
    onSuccess: () => refreshAfterChange(queryClient, workOrderId),
  });
}

export function useUpdatePayment(workOrderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // corrections carry a reason (DOMAIN.md E): in the body of a PATCH, as query parameters of a DELETE
    mutationFn: ({ paymentId, body, correction }: { paymentId: string; body: PaymentChange; correction: Correction }) =>
      unwrap(
        api.PATCH('/api/v1/work-orders/{id}/payments/{paymentId}', {
          params: { path: { id: workOrderId, paymentId } },
          body: { ...body, ...correction },
        }),
      ),
    onSuccess: () => refreshAfterChange(queryClient, workOrderId),
  });
}

export function useDeletePayment(workOrderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ paymentId, correction }: { paymentId: string; correction: Correction }) =>
      unwrap(
        api.DELETE('/api/v1/work-orders/{id}/payments/{paymentId}', {
          params: { path: { id: workOrderId, paymentId }, query: correction },
        }),
      ),
    onSuccess: () => refreshAfterChange(queryClient, workOrderId),
  });
}
