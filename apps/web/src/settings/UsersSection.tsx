// Users (admins): the organization's staff accounts with their roles and clinics; New user with name, email,
// password, roles, clinics (all or chosen) and, for a physician, the physician the account is.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { DataTable, NO_ROWS } from '../common/DataTable';
import { Empty, ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import {
  USER_ROLES,
  useClinics,
  useCreateUser,
  usePhysicians,
  useUsers,
  type ClinicView,
  type UserRole,
  type UserView,
} from './useSettings';

interface Draft {
  name: string;
  email: string;
  password: string;
  roles: UserRole[];
  allClinics: boolean;
  clinicIds: string[];
  physicianId: string;
}
const EMPTY: Draft = {
  name: '',
  email: '',
  password: '',
  roles: [],
  allClinics: true,
  clinicIds: [],
  physicianId: '',
};

/** A list of a 400's reasons for an array field and its items (`roles`, `roles.0`, …). */
function reasonsOf(fields: Record<string, string[]>, name: string): string[] | undefined {
  const out = Object.entries(fields)
    .filter(([k]) => k === name || k.startsWith(`${name}.`) || k.startsWith(`${name}[`))
    .flatMap(([, v]) => v);
  return out.length ? out : undefined;
}

function NewUserForm({ clinics }: { clinics: ClinicView[] }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [created, setCreated] = useState<string | undefined>();
  const physician = draft.roles.includes('physician');
  const physicians = usePhysicians(physician);
  const { fields, message } = errorsOf(create.error);
  const text = (name: 'name' | 'email' | 'password', type: string, label: string) => {
    const id = `new-user-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={type}
          required
          autoComplete={name === 'password' ? 'new-password' : 'off'}
          value={draft[name]}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
          aria-invalid={fields[name] ? true : undefined}
          aria-describedby={fields[name] ? `${id}-error` : undefined}
        />
        <FieldError id={`${id}-error`} reasons={fields[name]} />
      </div>
    );
  };
  const toggle = <T extends string>(list: T[], value: T, on: boolean): T[] =>
    on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(undefined);
    const name = draft.name.trim();
    create.mutate(
      {
        name,
        email: draft.email.trim(),
        password: draft.password,
        roles: USER_ROLES.filter((r) => draft.roles.includes(r)),
        ...(draft.allClinics ? {} : { clinicIds: draft.clinicIds }),
        ...(physician && draft.physicianId ? { physicianId: draft.physicianId } : {}),
      },
      {
        onSuccess: () => {
          setDraft(EMPTY);
          setCreated(name);
        },
      },
    );
  };
  const rolesReasons = reasonsOf(fields, 'roles');
  const clinicReasons = reasonsOf(fields, 'clinicIds');
  return (
    <form className="card form-grid" aria-label={t('settings.users.new')} onSubmit={submit} noValidate>
      <h2>{t('settings.users.new')}</h2>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      <div className="form-inline">
        {text('name', 'text', t('settings.users.name'))}
        {text('email', 'email', t('settings.users.email'))}
        {text('password', 'password', t('settings.users.password'))}
      </div>
      <fieldset
        className="choices"
        aria-invalid={rolesReasons ? true : undefined}
        aria-describedby={rolesReasons ? 'new-user-roles-error' : undefined}
      >
        <legend>{t('settings.users.roles')}</legend>
        {USER_ROLES.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={draft.roles.includes(role)}
              onChange={(e) => setDraft({ ...draft, roles: toggle(draft.roles, role, e.target.checked) })}
            />
            {t(`settings.roles.${role}`)}
          </label>
        ))}
        <FieldError id="new-user-roles-error" reasons={rolesReasons} />
      </fieldset>
      <fieldset
        className="choices"
        aria-invalid={clinicReasons ? true : undefined}
        aria-describedby={clinicReasons ? 'new-user-clinics-error' : undefined}
      >
        <legend>{t('settings.users.clinics')}</legend>
        <label className="check">
          <input
            type="radio"
            name="new-user-clinics"
            checked={draft.allClinics}
            onChange={() => setDraft({ ...draft, allClinics: true })}
          />
          {t('settings.users.allClinics')}
        </label>
        <label className="check">
          <input
            type="radio"
            name="new-user-clinics"
            checked={!draft.allClinics}
            onChange={() => setDraft({ ...draft, allClinics: false })}
          />
          {t('settings.users.chosenClinics')}
        </label>
        {!draft.allClinics &&
          clinics.map((clinic) => (
            <label key={clinic.id} className="check">
              <input
                type="checkbox"
                checked={draft.clinicIds.includes(clinic.id)}
                onChange={(e) =>
                  setDraft({ ...draft, clinicIds: toggle(draft.clinicIds, clinic.id, e.target.checked) })
                }
              />
              {clinic.name}
            </label>
          ))}
        <FieldError id="new-user-clinics-error" reasons={clinicReasons} />
      </fieldset>
      {physician && (
        <div className="field">
          <label htmlFor="new-user-physician">{t('settings.users.physician')}</label>
          <select
            id="new-user-physician"
            value={draft.physicianId}
            onChange={(e) => setDraft({ ...draft, physicianId: e.target.value })}
            aria-invalid={fields.physicianId ? true : undefined}
            aria-describedby={`new-user-physician-hint${fields.physicianId ? ' new-user-physician-error' : ''}`}
          >
            <option value="">{t('settings.users.noPhysician')}</option>
            {(physicians.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <p className="muted field-hint" id="new-user-physician-hint">
            {t('settings.users.physicianHint')}
          </p>
          <FieldError id="new-user-physician-error" reasons={fields.physicianId} />
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('settings.users.create')}
        </button>
        {created && <span role="status">{t('settings.users.created', { name: created })}</span>}
      </div>
    </form>
  );
}

export function UsersSection() {
  const { t } = useTranslation();
  const users = useUsers();
  const clinics = useClinics();
  const needsPhysicians = (users.data?.items ?? []).some((u) => u.physicianId);
  const physicians = usePhysicians(needsPhysicians);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const clinicNames = useMemo(() => new Map((clinics.data?.items ?? []).map((c) => [c.id, c.name])), [clinics.data]);
  const physicianNames = useMemo(
    () => new Map((physicians.data?.items ?? []).map((p) => [p.id, p.name])),
    [physicians.data],
  );
  const columns = useMemo<ColumnDef<UserView>[]>(
    () => [
      { id: 'name', accessorKey: 'name', header: t('settings.users.name') },
      { id: 'email', accessorKey: 'email', header: t('settings.users.email') },
      {
        id: 'roles',
        accessorFn: (u) =>
          USER_ROLES.filter((r) => u.roles.includes(r))
            .map((r) => t(`settings.roles.${r}`))
            .join(', '),
        header: t('settings.users.roles'),
      },
      {
        id: 'clinics',
        accessorFn: (u) =>
          u.clinicIds === '*'
            ? t('settings.users.allClinics')
            : u.clinicIds.map((id) => clinicNames.get(id) ?? t('settings.users.unknownClinic')).join(', '),
        header: t('settings.users.clinics'),
      },
      {
        id: 'physician',
        accessorFn: (u) => (u.physicianId ? (physicianNames.get(u.physicianId) ?? '') : ''),
        header: t('settings.users.physician'),
      },
    ],
    [t, clinicNames, physicianNames],
  );
  const table = useReactTable({
    data: users.data?.items ?? NO_ROWS,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (u) => u.id,
  });
  return (
    <>
      {clinics.data && <NewUserForm clinics={clinics.data.items} />}
      <h2>{t('settings.users.title')}</h2>
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <Empty>{t('settings.users.empty')}</Empty>
      ) : (
        <DataTable table={table} caption={t('settings.users.title')} />
      )}
    </>
  );
}
