// Patients and their Account page (DOMAIN.md B). Query keys: patientKeys. A change to a patient's money or treatments
// is awaited until the account is fetched again, so the Unpaid the user changed is on screen when the request returns.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { operations, paths, Schema } from '@dental/api-client';
import { api, unwrap } from '../app/api';
import type { Correction } from '../common/corrections';
import { historyKeys } from '../common/useHistory';

export type PatientAccount = Schema<'PatientAccount'>;
export type PatientPayment = Schema<'PatientPaymentView'>;
export type NewPatient = Schema<'CreatePatientDto'>;
export type NewPatientPayment = Schema<'RecordPatientPaymentDto'>;
export type NewTreatment = Schema<'CreateTreatmentDto'>;
/** A request body of the spec, without the correction's reason and memo (sent beside it). */
type BodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } }
  ? Omit<B, 'reason' | 'memo'>
  : never;
export type Closure = BodyOf<paths['/api/v1/patients/{id}/account-closures']['post']>;
export type TreatmentChange = BodyOf<paths['/api/v1/patients/{id}/treatments/{treatmentId}']['patch']>;
export type PatientPaymentChange = BodyOf<paths['/api/v1/patients/{id}/payments/{paymentId}']['patch']>;
export type PatientPaymentType = NewPatientPayment['paymentType'];
export type PatientsQuery = NonNullable<operations['listPatients']['parameters']['query']>;
export const PATIENT_PAYMENT_TYPES: PatientPaymentType[] = ['cash', 'card', 'bank_transfer', 'check', 'refund'];

export const patientKeys = {
  all: ['patients'] as const,
  list: (query: PatientsQuery) => [...patientKeys.all, 'list', query] as const,
  account: (id: string) => [...patientKeys.all, 'account', id] as const,
  accountView: (id: string, showPaid: boolean) => [...patientKeys.account(id), { showPaid }] as const,
  physicians: (clinicId: string) => ['physicians', clinicId] as const,
  plans: (id: string) => [...patientKeys.account(id), 'plans'] as const,
  deletedPayments: (id: string) => [...patientKeys.account(id), 'deleted-payments'] as const,
};

export function usePatients(query: PatientsQuery) {
  return useQuery({
    queryKey: patientKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/patients', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useCreatePatient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPatient) => unwrap(api.POST('/api/v1/patients', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...patientKeys.all, 'list'] }),
  });
}

/** `poll`: while a card payment's Bank Cost treatment is on its way (patient-accounts adds it from the payment's event). */
export function usePatientAccount(id: string, showPaid: boolean, poll = false) {
  return useQuery({
    refetchInterval: poll ? 400 : false,
    queryKey: patientKeys.accountView(id, showPaid),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/patients/{id}/account', { params: { path: { id }, query: { showPaid } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function usePhysicians(clinicId: string) {
  return useQuery({
    queryKey: patientKeys.physicians(clinicId),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/physicians', { params: { query: { clinicId } }, signal })),
  });
}

/**
 * A mutation on a patient's account: resolves once the account (every showPaid view of it) is fetched again; the
 * histories are asked again when next opened.
 */
function useAccountChange<T, R>(patientId: string, call: (vars: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: historyKeys.all });
      return queryClient.invalidateQueries({ queryKey: patientKeys.account(patientId) });
    },
  });
}

export function useRecordPatientPayment(patientId: string) {
  return useAccountChange(patientId, ({ body, idempotencyKey }: { body: NewPatientPayment; idempotencyKey: string }) =>
    unwrap(
      api.POST('/api/v1/patients/{id}/payments', {
        params: { path: { id: patientId }, header: { 'Idempotency-Key': idempotencyKey } },
        body,
      }),
    ),
  );
}

/** Corrections carry a reason (DOMAIN.md E): in the body of a PATCH or POST, as query parameters of a DELETE. */
export function useUpdatePatientPayment(patientId: string) {
  return useAccountChange(
    patientId,
    ({ paymentId, body, correction }: { paymentId: string; body: PatientPaymentChange; correction: Correction }) =>
      unwrap(
        api.PATCH('/api/v1/patients/{id}/payments/{paymentId}', {
          params: { path: { id: patientId, paymentId } },
          body: { ...body, ...correction },
        }),
      ),
  );
}

export function useDeletePatientPayment(patientId: string) {
  return useAccountChange(patientId, ({ paymentId, correction }: { paymentId: string; correction: Correction }) =>
    unwrap(
      api.DELETE('/api/v1/patients/{id}/payments/{paymentId}', {
        params: { path: { id: patientId, paymentId }, query: correction },
      }),
    ),
  );
}

export function useAddTreatment(patientId: string) {
  return useAccountChange(patientId, ({ body, idempotencyKey }: { body: NewTreatment; idempotencyKey: string }) =>
    unwrap(
      api.POST('/api/v1/patients/{id}/treatments', {
        params: { path: { id: patientId }, header: { 'Idempotency-Key': idempotencyKey } },
        body,
      }),
    ),
  );
}

export function useUpdateTreatment(patientId: string) {
  return useAccountChange(
    patientId,
    ({ treatmentId, body, correction }: { treatmentId: string; body: TreatmentChange; correction: Correction }) =>
      unwrap(
        api.PATCH('/api/v1/patients/{id}/treatments/{treatmentId}', {
          params: { path: { id: patientId, treatmentId } },
          body: { ...body, ...correction },
        }),
      ),
  );
}

export function useDeleteTreatment(patientId: string) {
  return useAccountChange(patientId, ({ treatmentId, correction }: { treatmentId: string; correction: Correction }) =>
    unwrap(
      api.DELETE('/api/v1/patients/{id}/treatments/{treatmentId}', {
        params: { path: { id: patientId, treatmentId }, query: correction },
      }),
    ),
  );
}

export function useCloseAccount(patientId: string) {
  return useAccountChange(patientId, ({ closure, correction }: { closure: Closure; correction: Correction }) =>
    unwrap(
      api.POST('/api/v1/patients/{id}/account-closures', {
        params: { path: { id: patientId } },
        body: { ...closure, ...correction },
      }),
    ),
  );
}

export function useUndoClosure(patientId: string) {
  return useAccountChange(patientId, (correction: Correction) =>
    unwrap(
      api.DELETE('/api/v1/patients/{id}/account-closures/latest', {
        params: { path: { id: patientId }, query: correction },
      }),
    ),
  );
}

export function useAddAlert(patientId: string) {
  return useAccountChange(patientId, (body: Schema<'CreateAlertDto'>) =>
    unwrap(api.POST('/api/v1/patients/{id}/alerts', { params: { path: { id: patientId } }, body })),
  );
}

export function useIssueInvoice(patientId: string) {
  return useAccountChange(patientId, (treatmentIds: string[]) =>
    unwrap(api.POST('/api/v1/patients/{id}/invoices', { params: { path: { id: patientId } }, body: { treatmentIds } })),
  );
}

export function useCancelInvoice(patientId: string) {
  return useAccountChange(patientId, ({ invoiceId, correction }: { invoiceId: string; correction: Correction }) =>
    unwrap(
      api.DELETE('/api/v1/patients/{id}/invoices/{invoiceId}', {
        params: { path: { id: patientId, invoiceId }, query: correction },
      }),
    ),
  );
}

export function useTreatmentPlans(patientId: string) {
  return useQuery({
    queryKey: patientKeys.plans(patientId),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/patients/{id}/treatment-plans', { params: { path: { id: patientId } }, signal })),
  });
}

/** The received money that was deleted (kept, no longer counted): listed struck through, each with its History. */
export function useDeletedPayments(patientId: string, enabled: boolean) {
  return useQuery({
    queryKey: patientKeys.deletedPayments(patientId),
    enabled,
    queryFn: async ({ signal }) => {
      const list = await unwrap(
        api.GET('/api/v1/patients/{id}/payments', {
          params: { path: { id: patientId }, query: { includeDeleted: true } },
          signal,
        }),
      );
      return list.items.filter((p) => p.deleted);
    },
  });
}

export function useCreatePlan(patientId: string) {
  return useAccountChange(
    patientId,
    ({ body, idempotencyKey }: { body: Schema<'CreateTreatmentPlanDto'>; idempotencyKey: string }) =>
      unwrap(
        api.POST('/api/v1/patients/{id}/treatment-plans', {
          params: { path: { id: patientId }, header: { 'Idempotency-Key': idempotencyKey } },
          body,
        }),
      ),
  );
}

/** Copy to treatments: every item not copied yet, performed on `date`. */
export function useCopyPlan(patientId: string) {
  return useAccountChange(
    patientId,
    ({ planId, date, idempotencyKey }: { planId: string; date: string; idempotencyKey: string }) =>
      unwrap(
        api.POST('/api/v1/patients/{id}/treatment-plans/{planId}/copy-to-treatments', {
          params: { path: { id: patientId, planId }, header: { 'Idempotency-Key': idempotencyKey } },
          body: { date },
        }),
      ),
  );
}
