// Report subscriptions (accountants and admins): a clinic's Account Book (daily) or Finance (weekly) e-mailed as CSV,
// XLSX or PDF; subscribe and stop.
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
import { formatDate, formatDateTime } from '../app/format';
import { DataTable, NO_ROWS } from '../common/DataTable';
import { Empty, ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import {
  SUBSCRIPTION_FORMATS,
  SUBSCRIPTION_REPORTS,
  useClinics,
  useCreateReportSubscription,
  useDeleteReportSubscription,
  useReportSubscriptions,
  type ReportSubscription,
} from './useSettings';

type Draft = Pick<ReportSubscription, 'clinicId' | 'report' | 'format' | 'email'>;

function NewSubscriptionForm({ clinics }: { clinics: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const session = useSession();
  const create = useCreateReportSubscription();
  const initial: Draft = {
    clinicId: session.clinicId ?? clinics[0]?.id ?? '',
    report: 'account-book-daily',
    format: 'pdf',
    email: '',
  };
  const [draft, setDraft] = useState<Draft>(initial);
  const { fields, message } = errorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ ...draft, email: draft.email.trim() }, { onSuccess: () => setDraft({ ...draft, email: '' }) });
  };
  const select = <K extends 'clinicId' | 'report' | 'format'>(
    name: K,
    label: string,
    options: { value: Draft[K]; label: string }[],
  ) => {
    const id = `subscription-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          value={draft[name]}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
          aria-invalid={fields[name] ? true : undefined}
          aria-describedby={fields[name] ? `${id}-error` : undefined}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-error`} reasons={fields[name]} />
      </div>
    );
  };
  return (
    <form
      className="card form-inline settings-form"
      aria-label={t('settings.subscriptions.new')}
      onSubmit={submit}
      noValidate
    >
      <h2>{t('settings.subscriptions.new')}</h2>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      {select(
        'clinicId',
        t('settings.subscriptions.clinic'),
        clinics.map((c) => ({ value: c.id, label: c.name })),
      )}
      {select(
        'report',
        t('settings.subscriptions.report'),
        SUBSCRIPTION_REPORTS.map((r) => ({ value: r, label: t(`settings.subscriptions.reports.${r}`) })),
      )}
      {select(
        'format',
        t('settings.subscriptions.format'),
        SUBSCRIPTION_FORMATS.map((f) => ({ value: f, label: f.toUpperCase() })),
      )}
      <div className="field">
        <label htmlFor="subscription-email">{t('settings.subscriptions.email')}</label>
        <input
          id="subscription-email"
          type="email"
          required
          value={draft.email}
          onChange={(e) => setDraft({ ...draft, email: e.target.value })}
          aria-invalid={fields.email ? true : undefined}
          aria-describedby={fields.email ? 'subscription-email-error' : undefined}
        />
        <FieldError id="subscription-email-error" reasons={fields.email} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('settings.subscriptions.subscribe')}
        </button>
      </div>
    </form>
  );
}

function DeleteSubscription({ subscription }: { subscription: ReportSubscription }) {
  const { t } = useTranslation();
  const remove = useDeleteReportSubscription();
  const [asking, setAsking] = useState(false);
  const label = t('settings.subscriptions.deleteOf', { email: subscription.email });
  if (!asking)
    return (
      <button type="button" aria-label={label} onClick={() => setAsking(true)}>
        {t('common.delete')}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={label}>
      <span>{t('common.confirmDelete')}</span>
      <button
        type="button"
        className="danger"
        disabled={remove.isPending}
        onClick={() => remove.mutate(subscription.id)}
      >
        {t('common.yes')}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('common.no')}
      </button>
      {remove.error ? (
        <span className="field-error" role="alert">
          {errorsOf(remove.error).message}
        </span>
      ) : null}
    </span>
  );
}

export function ReportSubscriptionsSection() {
  const { t } = useTranslation();
  const session = useSession();
  const clinics = useClinics();
  const subscriptions = useReportSubscriptions();
  const [sorting, setSorting] = useState<SortingState>([{ id: 'createdAt', desc: true }]);
  const clinicNames = useMemo(() => new Map((clinics.data?.items ?? []).map((c) => [c.id, c.name])), [clinics.data]);
  const columns = useMemo<ColumnDef<ReportSubscription>[]>(
    () => [
      {
        id: 'clinic',
        accessorFn: (s) => clinicNames.get(s.clinicId) ?? '',
        header: t('settings.subscriptions.clinic'),
      },
      {
        id: 'report',
        accessorFn: (s) => t(`settings.subscriptions.reports.${s.report}`),
        header: t('settings.subscriptions.report'),
      },
      { id: 'format', accessorFn: (s) => s.format.toUpperCase(), header: t('settings.subscriptions.format') },
      { id: 'email', accessorKey: 'email', header: t('settings.subscriptions.email') },
      {
        id: 'createdAt',
        accessorKey: 'createdAt',
        header: t('settings.subscriptions.createdAt'),
        cell: (c) => formatDateTime(c.row.original.createdAt, session.locale),
      },
      {
        id: 'lastPeriod',
        accessorFn: (s) => s.lastPeriodStart ?? '',
        header: t('settings.subscriptions.lastPeriod'),
        cell: (c) =>
          c.row.original.lastPeriodStart
            ? formatDate(c.row.original.lastPeriodStart, session.locale)
            : t('settings.subscriptions.notYet'),
      },
      {
        id: 'actions',
        header: t('common.actions'),
        enableSorting: false,
        cell: (c) => <DeleteSubscription subscription={c.row.original} />,
      },
    ],
    [t, clinicNames, session.locale],
  );
  const table = useReactTable({
    data: subscriptions.data?.items ?? NO_ROWS,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (s) => s.id,
  });
  return (
    <>
      {clinics.data && <NewSubscriptionForm clinics={clinics.data.items} />}
      <h2>{t('settings.subscriptions.title')}</h2>
      {subscriptions.isPending ? (
        <Loading />
      ) : subscriptions.isError ? (
        <ErrorState error={subscriptions.error} onRetry={() => void subscriptions.refetch()} />
      ) : subscriptions.data.items.length === 0 ? (
        <Empty>{t('settings.subscriptions.empty')}</Empty>
      ) : (
        <DataTable table={table} caption={t('settings.subscriptions.title')} />
      )}
    </>
  );
}
