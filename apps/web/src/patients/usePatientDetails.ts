// A patient's own details and family membership (DOMAIN.md B): PATCH /patients/{id}, POST /families and
// PUT /patients/{id}/family. A change shows on every screen that names patients (lists, accounts, family tables), so
// each awaits the invalidation of everything under patientKeys.all before it resolves.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schema } from '@dental/api-client';
import { api, unwrap } from '../app/api';
import { patientKeys } from './usePatients';

export type PatientChange = Schema<'UpdatePatientDto'>;

function usePatientsChange<T, R>(call: (vars: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: patientKeys.all }),
  });
}

export function useUpdatePatient(patientId: string) {
  return usePatientsChange((body: PatientChange) =>
    unwrap(api.PATCH('/api/v1/patients/{id}', { params: { path: { id: patientId } }, body })),
  );
}

/** Puts a patient (this one, or another joining its family) in a family; `familyId: null` takes them out. */
export function useSetPatientFamily() {
  return usePatientsChange(({ patientId, familyId }: { patientId: string; familyId: string | null }) =>
    unwrap(api.PUT('/api/v1/patients/{id}/family', { params: { path: { id: patientId } }, body: { familyId } })),
  );
}

/** A new family with this patient as its first member. */
export function useStartFamily(patientId: string) {
  return usePatientsChange(async (name: string) => {
    const family = await unwrap(api.POST('/api/v1/families', { body: { name } }));
    return unwrap(
      api.PUT('/api/v1/patients/{id}/family', { params: { path: { id: patientId } }, body: { familyId: family.id } }),
    );
  });
}
