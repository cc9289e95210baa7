// Work orders: the list of the chosen clinic(s), filtered by status, paged; a row opens the details.
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { Schema } from '@dental/api-client';
import { useSession } from '../app/session';
import { DataTable, NO_ROWS, Pager } from '../common/DataTable';
import { Day, Money } from '../common/Money';
import { Empty, ErrorState, Loading } from '../common/states';
import { useLabs } from '../labs/useLabs';
import { PRODUCTION_STATUSES, useWorkOrders, type ListQuery, type ProductionStatus } from './useWorkOrders';

type Row = Schema<'WorkOrderView'>;
const PAGE_SIZE = 50;

export default function WorkOrdersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = PRODUCTION_STATUSES.find((s) => s === params.get('status'));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: ListQuery = {
    page,
    pageSize: PAGE_SIZE,
    ...(session.clinicId ? { clinicId: session.clinicId } : {}),
    ...(status ? { status } : {}),
  };
  const list = useWorkOrders(query);
  const labs = useLabs();
  const labName = useMemo(() => new Map(labs.data?.items.map((l) => [l.id, l.name]) ?? []), [labs.data]);
  const clinicName = useMemo(() => new Map(session.me.clinics.map((c) => [c.id, c.name])), [session.me.clinics]);

  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: 'number',
        header: t('workOrders.number'),
        cell: (c) => (
          <Link to={`/work-orders/${c.row.original.id}`} onClick={(e) => e.stopPropagation()}>
            {c.row.original.number}
          </Link>
        ),
      },
      { id: 'lab', header: t('workOrders.lab'), cell: (c) => labName.get(c.row.original.labId) ?? '…' },
      { id: 'clinic', header: t('workOrders.clinic'), cell: (c) => clinicName.get(c.row.original.clinicId) ?? '' },
      { id: 'description', header: t('workOrders.description'), cell: (c) => c.row.original.description },
      {
        id: 'documentedDate',
        header: t('workOrders.documentedDate'),
        cell: (c) => <Day date={c.row.original.documentedDate} />,
      },
      { id: 'status', header: t('workOrders.status'), cell: (c) => t(`status.${c.row.original.status}`) },
      {
        id: 'total',
        header: t('workOrders.total'),
        meta: { numeric: true },
        cell: (c) => <Money amount={c.row.original.paymentPlan.totalAmount} currency={c.row.original.currency} />,
      },
    ],
    [t, labName, clinicName],
  );
  const table = useReactTable({
    data: list.data?.items ?? NO_ROWS,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    getRowId: (r) => r.id,
  });

  const set = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams(window.location.search); // the latest, as in Finance's filters
    for (const [k, v] of Object.entries(change)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  return (
    <section aria-labelledby="work-orders-title">
      <div className="page-head">
        <h1 id="work-orders-title">{t('workOrders.title')}</h1>
        {session.can('manageWorkOrders') && (
          <Link className="button primary" to="/work-orders/new">
            {t('workOrders.new')}
          </Link>
        )}
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('finance.filters')}>
        <div className="filter">
          <label htmlFor="wo-status">{t('workOrders.filterStatus')}</label>
          <select
            id="wo-status"
            value={status ?? ''}
            onChange={(e) => set({ status: e.target.value || undefined, page: undefined })}
          >
            <option value="">{t('workOrders.allStatuses')}</option>
            {PRODUCTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s as ProductionStatus}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('workOrders.empty')}</Empty>
      ) : (
        <>
          <DataTable
            table={table}
            caption={t('workOrders.list')}
            onRowClick={(row) => navigate(`/work-orders/${row.id}`)}
          />
          <Pager
            page={list.data.page}
            pageSize={list.data.pageSize}
            total={list.data.total}
            onPage={(p) => set({ page: String(p) })}
          />
        </>
      )}
    </section>
  );
}
