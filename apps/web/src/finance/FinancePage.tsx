// Finance: tabs Dental Labs and Work Orders, filters in the URL, Generate Report, the paid/outstanding chart.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import type { Schema } from '@dental/api-client';
import { ApiFailure } from '../app/api';
import { compareAmounts } from '../app/format';
import { useSession } from '../app/session';
import { DataTable, NO_ROWS, Pager } from '../common/DataTable';
import { DownloadMenu } from '../common/DownloadMenu';
import { Count, Day, Money } from '../common/Money';
import { Empty, ErrorState, Loading } from '../common/states';
import { useLabs } from '../labs/useLabs';
import {
  labsQuery,
  matchingRange,
  PAGE_SIZES,
  parseFilters,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  QUICK_RANGES,
  quickRange,
  reportHref,
  withFilter,
  workOrdersQuery,
  writeFilters,
  type FinanceFilters,
  type FinanceTab,
  type QuickRange,
  type ReportFormat,
} from './filters';
import { LabsChart } from './LabsChart';
import { useFinanceLabs, useFinanceRefusal, useFinanceWorkOrders } from './useFinance';

type LabRow = Schema<'FinanceLabRow'>;
type WorkOrderRow = Schema<'FinanceWorkOrderRow'>;
type Totals = Schema<'FinanceTotals'>;

const TABS: FinanceTab[] = ['labs', 'work-orders'];

export function FinancePage() {
  const { tab } = useParams();
  const [params, setParams] = useSearchParams();
  // The screen follows its own state, written to the URL (the router applies URL changes in a transition, which a
  // focused date input in Chromium can hold back); a URL changed from outside (back, a link) is read back in.
  const search = params.toString();
  const [filters, setFilters] = useState(() => parseFilters(params));
  useEffect(() => {
    setFilters((current) =>
      writeFilters(current).toString() === writeFilters(parseFilters(new URLSearchParams(search))).toString()
        ? current
        : parseFilters(new URLSearchParams(search)),
    );
  }, [search]);
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { clinicId } = useSession();
  const refusal = useFinanceRefusal(tab, {
    labs: labsQuery(filters, clinicId),
    workOrders: workOrdersQuery(filters, clinicId),
  });
  if (tab !== 'labs' && tab !== 'work-orders') return <Navigate to="/finance/labs" replace />;
  if (refusal) {
    return (
      <section aria-labelledby="finance-title" className="finance">
        <h1 id="finance-title">{t('finance.title')}</h1>
        <ErrorState error={refusal} />
      </section>
    );
  }

  // from the address bar, not this render's filters: the router applies a navigation in a transition, so two quick
  // changes (From, then To) would otherwise each start from the filters before either
  const update = (change: Partial<FinanceFilters>) => {
    const next = withFilter(parseFilters(new URLSearchParams(window.location.search)), change);
    setFilters(next);
    setParams(writeFilters(next));
  };
  const switchTab = (next: FinanceTab) => {
    // payment status and paging belong to the Work Orders tab only
    const kept =
      next === 'labs'
        ? { ...filters, paymentStatus: undefined, sort: undefined, page: 1 }
        : { ...filters, labSort: undefined };
    navigate({ pathname: `/finance/${next}`, search: writeFilters(kept).toString() });
  };

  return (
    <section aria-labelledby="finance-title" className="finance">
      <div className="page-head">
        <h1 id="finance-title">{t('finance.title')}</h1>
        <ReportMenu tab={tab} filters={filters} />
      </div>
      <div role="tablist" aria-label={t('finance.tabs')} className="tabs">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls="finance-panel"
            tabIndex={tab === name ? 0 : -1}
            onClick={() => switchTab(name)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const other = TABS[(TABS.indexOf(name) + 1) % TABS.length];
                switchTab(other);
                requestAnimationFrame(() => document.getElementById(`tab-${other}`)?.focus());
              }
            }}
          >
            {t(name === 'labs' ? 'finance.labsTab' : 'finance.workOrdersTab')}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="finance-panel" aria-labelledby={`tab-${tab}`}>
        <Filters tab={tab} filters={filters} update={update} />
        {tab === 'labs' ? (
          <LabsTab filters={filters} update={update} />
        ) : (
          <WorkOrdersTab filters={filters} update={update} />
        )}
      </div>
    </section>
  );
}

/** The API's refusal, or what to do when the clinics in scope keep different currencies. */
function FinanceError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiFailure && error.body.code === 'FINANCE.MIXED_CURRENCIES') {
    return (
      <p className="notice notice-warning" role="status">
        {t('finance.mixedCurrencies')}
      </p>
    );
  }
  return <ErrorState error={error} onRetry={onRetry} />;
}

/**
 * A date filter left uncontrolled: React restoring a controlled date input's value while the URL update is pending
 * made Chromium fire change events in a loop; the value is written into the field only when it changed elsewhere.
 */
function DateFilter({
  id,
  value,
  onChange,
}: {
  id: string;
  value?: string;
  onChange: (value: string | undefined) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.value !== (value ?? '')) ref.current.value = value ?? '';
  }, [value]);
  return (
    <input
      ref={ref}
      id={id}
      type="date"
      defaultValue={value ?? ''}
      onChange={(e) => onChange(e.target.value || undefined)}
    />
  );
}

function ReportMenu({ tab, filters }: { tab: FinanceTab; filters: FinanceFilters }) {
  const { clinicId } = useSession();
  const formats: ReportFormat[] = ['csv', 'xlsx', 'pdf'];
  return (
    <DownloadMenu
      id="report-formats"
      files={formats.map((format) => ({ format, href: reportHref(tab, filters, clinicId, format) }))}
    />
  );
}

function Filters({
  tab,
  filters,
  update,
}: {
  tab: FinanceTab;
  filters: FinanceFilters;
  update: (c: Partial<FinanceFilters>) => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const labs = useLabs();
  const today = new Date();
  const range = matchingRange(filters, today);
  const clinicValue = filters.clinicId ?? session.clinicId ?? '';
  return (
    <form className="filters" aria-label={t('finance.filters')} onSubmit={(e) => e.preventDefault()}>
      <fieldset className="filter-group">
        <legend>{t('finance.timePeriod')}</legend>
        <label htmlFor="filter-from">{t('finance.from')}</label>
        <DateFilter id="filter-from" value={filters.from} onChange={(from) => update({ from })} />
        <label htmlFor="filter-to">{t('finance.to')}</label>
        <DateFilter id="filter-to" value={filters.to} onChange={(to) => update({ to })} />
        <label htmlFor="filter-range">{t('finance.quickRange')}</label>
        <select
          id="filter-range"
          value={range ?? ''}
          onChange={(e) =>
            update(
              e.target.value ? quickRange(e.target.value as QuickRange, today) : { from: undefined, to: undefined },
            )
          }
        >
          <option value="">{t('finance.ranges.none')}</option>
          {QUICK_RANGES.map((r) => (
            <option key={r} value={r}>
              {t(`finance.ranges.${r}`)}
            </option>
          ))}
        </select>
      </fieldset>
      <div className="filter">
        <label htmlFor="filter-lab">{t('finance.dentalLab')}</label>
        <select
          id="filter-lab"
          value={filters.labId ?? ''}
          onChange={(e) => update({ labId: e.target.value || undefined })}
        >
          <option value="">{t('finance.allLabs')}</option>
          {labs.data?.items.map((lab) => (
            <option key={lab.id} value={lab.id}>
              {lab.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="filter-method">{t('finance.paymentMethod')}</label>
        <select
          id="filter-method"
          value={filters.paymentMethod ?? ''}
          onChange={(e) => update({ paymentMethod: (e.target.value || undefined) as FinanceFilters['paymentMethod'] })}
        >
          <option value="">{t('finance.allMethods')}</option>
          {PAYMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`paymentMethod.${m}`)}
            </option>
          ))}
        </select>
      </div>
      {tab === 'work-orders' && (
        <div className="filter">
          <label htmlFor="filter-status">{t('finance.paymentStatus')}</label>
          <select
            id="filter-status"
            value={filters.paymentStatus ?? ''}
            onChange={(e) =>
              update({ paymentStatus: (e.target.value || undefined) as FinanceFilters['paymentStatus'] })
            }
          >
            <option value="">{t('finance.allStatuses')}</option>
            {PAYMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`paymentStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="filter">
        <label htmlFor="filter-clinic">{t('finance.clinic')}</label>
        <select
          id="filter-clinic"
          value={clinicValue}
          onChange={(e) => {
            session.setClinicId(e.target.value || undefined);
            update({ clinicId: e.target.value || undefined });
          }}
        >
          <option value="">{t('shell.allClinics')}</option>
          {session.me.clinics.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}

function TotalsRow({
  totals,
  currency,
  leading,
  trailing,
}: {
  totals: Totals;
  currency: string;
  leading: number;
  trailing: number;
}) {
  const { t } = useTranslation();
  return (
    <tr className="totals-row">
      <th scope="row" colSpan={leading}>
        {t('common.totals')}
      </th>
      <td className="numeric">
        <Money amount={totals.paidAmount} currency={currency} />
      </td>
      <td className="numeric">
        <Money amount={totals.totalAmount} currency={currency} />
      </td>
      <td className="numeric">
        <Money amount={totals.outstandingAmount} currency={currency} />
      </td>
      <td colSpan={trailing} />
    </tr>
  );
}

const amountSort =
  (key: 'paidAmount' | 'totalAmount' | 'outstandingAmount') => (a: { original: LabRow }, b: { original: LabRow }) =>
    compareAmounts(a.original[key], b.original[key]);

function LabsTab({ filters, update }: { filters: FinanceFilters; update: (c: Partial<FinanceFilters>) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const query = useFinanceLabs(labsQuery(filters, session.clinicId));
  // one array per sort order: a new one each render made TanStack Table reset its page index and render again, for ever
  const sorting = useMemo<SortingState>(
    () => (filters.labSort ? [{ id: filters.labSort.replace(/^-/, ''), desc: filters.labSort.startsWith('-') }] : []),
    [filters.labSort],
  );
  const currency = query.data?.currency ?? session.currency;
  const columns = useMemo<ColumnDef<LabRow>[]>(
    () => [
      { id: 'labName', accessorKey: 'labName', header: t('finance.columns.dentalLab') },
      {
        id: 'workOrderCount',
        accessorKey: 'workOrderCount',
        header: t('finance.columns.workOrderCount'),
        meta: { numeric: true },
        cell: (c) => <Count value={c.row.original.workOrderCount} />,
      },
      ...(['paidAmount', 'totalAmount', 'outstandingAmount'] as const).map<ColumnDef<LabRow>>((key) => ({
        id: key,
        accessorKey: key,
        header: t(`finance.columns.${key}`),
        meta: { numeric: true },
        sortingFn: amountSort(key),
        cell: (c) => <Money amount={c.row.original[key]} currency={currency} />,
      })),
    ],
    [t, currency],
  );
  const table = useReactTable({
    data: query.data?.items ?? NO_ROWS,
    columns,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      update({ labSort: next[0] ? `${next[0].desc ? '-' : ''}${next[0].id}` : undefined });
    },
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    autoResetPageIndex: false, // the Dental Labs tab is not paged
    getRowId: (r) => r.labId,
  });

  if (query.isPending) return <Loading />;
  if (query.isError) return <FinanceError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <Empty>{t('finance.emptyLabs')}</Empty>;
  return (
    <div className={query.isPlaceholderData ? 'stale' : undefined} aria-busy={query.isFetching}>
      <LabsChart rows={query.data.items} currency={currency} />
      <DataTable
        table={table}
        caption={t('finance.labsTab')}
        onRowClick={(row) =>
          navigate({
            pathname: '/finance/work-orders',
            search: writeFilters(withFilter(filters, { labId: row.labId, labSort: undefined })).toString(),
          })
        }
        footer={
          <tr className="totals-row">
            <th scope="row">{t('common.totals')}</th>
            <td className="numeric">
              <Count value={query.data.totals.workOrderCount} />
            </td>
            <td className="numeric">
              <Money amount={query.data.totals.paidAmount} currency={currency} />
            </td>
            <td className="numeric">
              <Money amount={query.data.totals.totalAmount} currency={currency} />
            </td>
            <td className="numeric">
              <Money amount={query.data.totals.outstandingAmount} currency={currency} />
            </td>
          </tr>
        }
      />
    </div>
  );
}

function WorkOrdersTab({ filters, update }: { filters: FinanceFilters; update: (c: Partial<FinanceFilters>) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const query = useFinanceWorkOrders(workOrdersQuery(filters, session.clinicId));
  const sorting = useMemo<SortingState>(
    () => (filters.sort ? [{ id: filters.sort.replace(/^-/, ''), desc: filters.sort.startsWith('-') }] : []),
    [filters.sort],
  );
  const currency = query.data?.currency ?? session.currency;
  const columns = useMemo<ColumnDef<WorkOrderRow>[]>(
    () => [
      {
        id: 'number',
        accessorKey: 'number',
        header: t('finance.columns.number'),
        cell: (c) => (
          <Link to={`/work-orders/${c.row.original.workOrderId}`} onClick={(e) => e.stopPropagation()}>
            {c.row.original.number}
          </Link>
        ),
      },
      { id: 'labName', accessorKey: 'labName', header: t('finance.columns.dentalLab') },
      {
        id: 'paymentMethod',
        accessorKey: 'paymentMethod',
        header: t('finance.columns.paymentMethod'),
        cell: (c) => t(`paymentMethod.${c.row.original.paymentMethod}`),
      },
      ...(['paidAmount', 'totalAmount', 'outstandingAmount'] as const).map<ColumnDef<WorkOrderRow>>((key) => ({
        id: key,
        accessorKey: key,
        header: t(`finance.columns.${key}`),
        meta: { numeric: true },
        cell: (c) => <Money amount={c.row.original[key]} currency={currency} />,
      })),
      {
        id: 'paymentStatus',
        accessorKey: 'paymentStatus',
        header: t('finance.columns.status'),
        cell: (c) => (
          <span className={`badge badge-${c.row.original.paymentStatus}`}>
            {t(`paymentStatus.${c.row.original.paymentStatus}`)}
          </span>
        ),
      },
      {
        id: 'documentedDate',
        accessorKey: 'documentedDate',
        header: t('finance.columns.documentedDate'),
        cell: (c) => <Day date={c.row.original.documentedDate} />,
      },
    ],
    [t, currency],
  );
  const table = useReactTable({
    data: query.data?.items ?? NO_ROWS,
    columns,
    state: { sorting },
    manualSorting: true,
    manualPagination: true,
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      update({ sort: next[0] ? `${next[0].desc ? '-' : ''}${next[0].id}` : undefined });
    },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.workOrderId,
  });

  if (query.isPending) return <Loading />;
  if (query.isError) return <FinanceError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <Empty>{t('finance.emptyWorkOrders')}</Empty>;
  return (
    <div className={query.isPlaceholderData ? 'stale' : undefined} aria-busy={query.isFetching}>
      <DataTable
        table={table}
        caption={t('finance.workOrdersTab')}
        onRowClick={(row) => navigate(`/work-orders/${row.workOrderId}`)}
        footer={<TotalsRow totals={query.data.totals} currency={currency} leading={3} trailing={2} />}
      />
      <div className="table-foot">
        <Pager
          page={query.data.page}
          pageSize={query.data.pageSize}
          total={query.data.total}
          onPage={(page) => update({ page })}
        />
        <label htmlFor="page-size">{t('common.rows', { count: filters.pageSize })}</label>
        <select id="page-size" value={filters.pageSize} onChange={(e) => update({ pageSize: Number(e.target.value) })}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
