// Patients: search (name, phone, e-mail — accent- and case-insensitive, as the API does), the list of the chosen
// clinic(s), paged, and New patient. The search lives in the URL; a row opens the patient's Account page.
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { Schema } from '@dental/api-client';
import { useSession } from '../app/session';
import { DataTable, NO_ROWS, Pager } from '../common/DataTable';
import { Empty, ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import { useCreatePatient, usePatients, type NewPatient, type PatientsQuery } from './usePatients';

type Row = Schema<'PatientView'>;
const PAGE_SIZE = 50;

export default function PatientsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [typed, setTyped] = useState(q);
  const query: PatientsQuery = {
    page,
    pageSize: PAGE_SIZE,
    ...(session.clinicId ? { clinicId: session.clinicId } : {}),
    ...(q ? { q } : {}),
  };
  const list = usePatients(query);
  const clinicName = useMemo(() => new Map(session.me.clinics.map((c) => [c.id, c.name])), [session.me.clinics]);
  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: 'name',
        header: t('patients.name'),
        cell: (c) => (
          <Link to={`/patients/${c.row.original.id}`} onClick={(e) => e.stopPropagation()}>
            {`${c.row.original.firstName} ${c.row.original.lastName}`}
          </Link>
        ),
      },
      { id: 'phone', header: t('patients.phone'), cell: (c) => c.row.original.phone ?? '' },
      { id: 'email', header: t('patients.email'), cell: (c) => c.row.original.email ?? '' },
      { id: 'clinic', header: t('patients.clinic'), cell: (c) => clinicName.get(c.row.original.clinicId) ?? '' },
    ],
    [t, clinicName],
  );
  const table = useReactTable({
    data: list.data?.items ?? NO_ROWS,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    getRowId: (r) => r.id,
  });
  const search = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (typed.trim()) next.set('q', typed.trim());
    setParams(next);
  };

  return (
    <section aria-labelledby="patients-title">
      <div className="page-head">
        <h1 id="patients-title">{t('patients.title')}</h1>
      </div>
      <form className="filters" role="search" onSubmit={search} aria-label={t('patients.search')}>
        <div className="filter">
          <label htmlFor="patient-search">{t('patients.search')}</label>
          <input
            id="patient-search"
            type="search"
            value={typed}
            placeholder={t('patients.searchHint')}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <button type="submit">{t('patients.search')}</button>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('patients.empty')}</Empty>
      ) : (
        <>
          <DataTable
            table={table}
            caption={t('patients.title')}
            onRowClick={(row) => navigate(`/patients/${row.id}`)}
          />
          <Pager
            page={list.data.page}
            pageSize={list.data.pageSize}
            total={list.data.total}
            onPage={(p) => setParams(new URLSearchParams({ ...(q ? { q } : {}), page: String(p) }))}
          />
        </>
      )}
      {session.can('registerPatients') && <NewPatientForm onCreated={(id) => navigate(`/patients/${id}`)} />}
    </section>
  );
}

function NewPatientForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const create = useCreatePatient();
  const [form, setForm] = useState<NewPatient>({
    clinicId: session.clinicId ?? (session.me.clinics.length === 1 ? session.me.clinics[0].id : ''),
    firstName: '',
    lastName: '',
  });
  const { fields, message } = errorsOf(create.error);
  const input = (name: 'firstName' | 'lastName' | 'phone' | 'email', label: string, type = 'text') => {
    const id = `new-patient-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={type}
          value={form[name] ?? ''}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
          aria-invalid={fields[name] ? true : undefined}
          aria-describedby={fields[name] ? `${id}-error` : undefined}
        />
        <FieldError id={`${id}-error`} reasons={fields[name]} />
      </div>
    );
  };
  return (
    <form
      className="card form-inline"
      aria-label={t('patients.new')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const body: NewPatient = {
          clinicId: form.clinicId,
          firstName: form.firstName.trim(),
          lastName: form.lastName.trim(),
          ...(form.phone?.trim() ? { phone: form.phone.trim() } : {}),
          ...(form.email?.trim() ? { email: form.email.trim() } : {}),
        };
        create.mutate(body, { onSuccess: (created) => onCreated(created.id) });
      }}
    >
      <h2>{t('patients.new')}</h2>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      <div className="field">
        <label htmlFor="new-patient-clinicId">{t('patients.clinic')}</label>
        <select
          id="new-patient-clinicId"
          value={form.clinicId}
          onChange={(e) => setForm({ ...form, clinicId: e.target.value })}
          aria-invalid={fields.clinicId ? true : undefined}
          aria-describedby={fields.clinicId ? 'new-patient-clinicId-error' : undefined}
        >
          <option value="">{t('patients.chooseClinic')}</option>
          {session.me.clinics.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <FieldError id="new-patient-clinicId-error" reasons={fields.clinicId} />
      </div>
      {input('firstName', t('patients.firstName'))}
      {input('lastName', t('patients.lastName'))}
      {input('phone', t('patients.phone'), 'tel')}
      {input('email', t('patients.email'), 'email')}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('patients.register')}
        </button>
      </div>
    </form>
  );
}
