// Dental labs: list, create, change (deactivate is a change of `active`). Query keys: labKeys.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@dental/api-client';
import { api, unwrap } from '../app/api';
import { financeKeys } from '../finance/useFinance';

export type Lab = Schema<'LabView'>;

export const labKeys = {
  all: ['labs'] as const,
  list: (active?: boolean) => [...labKeys.all, 'list', { active }] as const,
};

export function useLabs(active?: boolean) {
  return useQuery({
    queryKey: labKeys.list(active),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/labs', { params: { query: active === undefined ? {} : { active } }, signal })),
  });
}

export function useCreateLab() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'CreateLabDto'>) => unwrap(api.POST('/api/v1/labs', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labKeys.all }),
  });
}

export function useUpdateLab() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schema<'UpdateLabDto'> }) =>
      unwrap(api.PATCH('/api/v1/labs/{id}', { params: { path: { id } }, body })),
    // a lab's name shows in Finance too
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: labKeys.all }),
        queryClient.invalidateQueries({ queryKey: financeKeys.all }),
      ]),
  });
}
