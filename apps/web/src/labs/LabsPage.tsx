// Labs: the list, a form to add one, edit in place, deactivate / activate.
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useSession } from '../app/session';
import { DataTable, NO_ROWS } from '../common/DataTable';
import { Empty, ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import { useCreateLab, useLabs, useUpdateLab, type Lab } from './useLabs';

interface LabDraft {
  name: string;
  email: string;
  phone: string;
}

function LabForm(props: {
  idPrefix: string;
  title: string;
  initial: LabDraft;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (draft: LabDraft) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(props.initial);
  const { fields, message } = errorsOf(props.error);
  const field = (name: keyof LabDraft, type: string, label: string, required = false) => {
    const id = `${props.idPrefix}-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={type}
          required={required}
          value={draft[name]}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
          aria-invalid={fields[name] ? true : undefined}
          aria-describedby={fields[name] ? `${id}-error` : undefined}
        />
        <FieldError id={`${id}-error`} reasons={fields[name]} />
      </div>
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit(draft);
  };
  return (
    <form className="card form-inline" onSubmit={submit} aria-label={props.title} noValidate>
      <h2>{props.title}</h2>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      {field('name', 'text', t('labs.name'), true)}
      {field('email', 'email', t('labs.email'))}
      {field('phone', 'tel', t('labs.phone'))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={props.pending}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

export default function LabsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [showInactive, setShowInactive] = useState(false);
  const labs = useLabs(showInactive ? undefined : true);
  const create = useCreateLab();
  const update = useUpdateLab();
  const [editing, setEditing] = useState<Lab | undefined>();
  const [createKey, setCreateKey] = useState(0);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const manage = session.can('manageLabs');

  const columns = useMemo<ColumnDef<Lab>[]>(
    () => [
      { id: 'name', accessorKey: 'name', header: t('labs.name') },
      { id: 'email', accessorFn: (l) => l.email ?? '', header: t('labs.email') },
      { id: 'phone', accessorFn: (l) => l.phone ?? '', header: t('labs.phone') },
      {
        id: 'active',
        accessorKey: 'active',
        header: t('labs.state'),
        cell: (c) => (c.row.original.active ? t('labs.active') : t('labs.inactive')),
      },
      ...(manage
        ? [
            {
              id: 'actions',
              header: t('common.actions'),
              enableSorting: false,
              cell: (c) => {
                const lab = c.row.original;
                return (
                  <div className="row-actions">
                    <button
                      type="button"
                      onClick={() => setEditing(lab)}
                      aria-label={`${t('common.edit')} ${lab.name}`}
                    >
                      {t('common.edit')}
                    </button>
                    <button
                      type="button"
                      onClick={() => update.mutate({ id: lab.id, body: { active: !lab.active } })}
                      aria-label={`${lab.active ? t('labs.deactivate') : t('labs.activate')} ${lab.name}`}
                    >
                      {lab.active ? t('labs.deactivate') : t('labs.activate')}
                    </button>
                  </div>
                );
              },
            } satisfies ColumnDef<Lab>,
          ]
        : []),
    ],
    [t, manage, update],
  );
  const table = useReactTable({
    data: labs.data?.items ?? NO_ROWS,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (l) => l.id,
  });

  return (
    <section aria-labelledby="labs-title">
      <div className="page-head">
        <h1 id="labs-title">{t('labs.title')}</h1>
        <label className="check">
          <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />
          {t('labs.showInactive')}
        </label>
      </div>
      {manage && !editing && (
        <LabForm
          key={createKey}
          idPrefix="new-lab"
          title={t('labs.new')}
          initial={{ name: '', email: '', phone: '' }}
          submitLabel={t('labs.create')}
          pending={create.isPending}
          error={create.error}
          onSubmit={(d) =>
            create.mutate(
              { name: d.name, ...(d.email ? { email: d.email } : {}), ...(d.phone ? { phone: d.phone } : {}) },
              { onSuccess: () => setCreateKey((k) => k + 1) },
            )
          }
        />
      )}
      {editing && (
        <LabForm
          key={editing.id}
          idPrefix="edit-lab"
          title={t('labs.editTitle', { name: editing.name })}
          initial={{ name: editing.name, email: editing.email ?? '', phone: editing.phone ?? '' }}
          submitLabel={t('common.save')}
          pending={update.isPending}
          error={update.error}
          onCancel={() => setEditing(undefined)}
          onSubmit={(d) =>
            update.mutate(
              { id: editing.id, body: { name: d.name, email: d.email || null, phone: d.phone || null } },
              { onSuccess: () => setEditing(undefined) },
            )
          }
        />
      )}
      {update.error && !editing ? <ErrorState error={update.error} /> : null}
      {labs.isPending ? (
        <Loading />
      ) : labs.isError ? (
        <ErrorState error={labs.error} onRetry={() => void labs.refetch()} />
      ) : labs.data.items.length === 0 ? (
        <Empty>{t('labs.empty')}</Empty>
      ) : (
        <DataTable table={table} caption={t('labs.title')} />
      )}
    </section>
  );
}
