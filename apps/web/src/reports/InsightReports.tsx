// The insight reports (DOMAIN.md D): receivables aging and the balance report of the patients, payables aging of the
// labs, and case profit per physician. Each reads one route with its filters in the URL and offers its files.
import { useSearchParams, Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import type { Schema } from '@dental/api-client';
import { api, unwrap } from '../app/api';
import { isoDay } from '../app/format';
import { useSession } from '../app/session';
import { Pager } from '../common/DataTable';
import { DownloadMenu } from '../common/DownloadMenu';
import { Count, Day, Money } from '../common/Money';
import { Empty, ErrorState, Loading } from '../common/states';
import { ClinicSelect, PeriodFilter } from './ReportFilters';
import { REPORT_FORMATS } from './useReports';

const PAGE_SIZE = 100;
type Path = 'receivables-aging' | 'balances' | 'payables-aging' | 'case-profit';

function files(path: Path, query: Record<string, unknown>) {
  return REPORT_FORMATS.map((format) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== '' && k !== 'page' && k !== 'pageSize') params.set(k, String(v));
    params.set('format', format);
    return { format, href: `/api/v1/reports/${path}?${params.toString()}` };
  });
}

/** One report route as JSON (without `format` the answer is JSON; the file formats share the route). */
function useReport<T>(path: Path, query: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: ['reports', path, query],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET(`/api/v1/reports/${path}` as '/api/v1/reports/balances', {
          params: { query: query as never },
          signal,
        }),
      ) as Promise<T>,
    placeholderData: keepPreviousData,
  });
}

function State<T>({
  query,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: T; refetch: () => unknown };
  empty: (data: T) => boolean;
  children: (data: T) => React.ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (empty(query.data as T)) return <Empty>{t('reports.nothing')}</Empty>;
  return <>{children(query.data as T)}</>;
}

const AGING_BUCKETS = ['0-30', '31-60', '61-90', '91+'] as const;
const PAYABLE_BUCKETS = ['not_due', '1-30', '31-60', '61-90', '91+'] as const;

export function ReceivablesAging() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const clinicId = params.get('clinicId') ?? session.clinicId ?? '';
  const asOf = params.get('asOf') ?? isoDay(new Date());
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { ...(clinicId ? { clinicId } : {}), asOf, page, pageSize: PAGE_SIZE };
  const report = useReport<Schema<'ReceivablesAging'>>('receivables-aging', query);
  const set = (change: Record<string, string>) => setParams({ clinicId, asOf, ...change });
  return (
    <>
      <div className="page-head">
        <h2>{t('reports.receivablesAging')}</h2>
        <DownloadMenu id="aging-files" files={files('receivables-aging', query)} />
      </div>
      <form className="filters" aria-label={t('finance.filters')} onSubmit={(e) => e.preventDefault()}>
        <ClinicSelect value={clinicId} onChange={(id) => set({ clinicId: id })} allowAll />
        <div className="filter">
          <label htmlFor="aging-as-of">{t('reports.asOf')}</label>
          <input
            id="aging-as-of"
            type="date"
            value={asOf}
            onChange={(e) => e.target.value && set({ asOf: e.target.value })}
          />
        </div>
      </form>
      <State query={report} empty={(d) => d.items.length === 0}>
        {(d) => (
          <>
            <table className="data-table">
              <caption className="visually-hidden">{t('reports.receivablesAging')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('alerts.patient')}</th>
                  {AGING_BUCKETS.map((b) => (
                    <th key={b} scope="col" className="numeric">
                      {t('reports.days', { range: b })}
                    </th>
                  ))}
                  <th scope="col" className="numeric">
                    {t('reports.owed')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('account.receivedMore')}
                  </th>
                  <th scope="col">{t('reports.lastPayment')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((row) => (
                  <tr key={row.patientId}>
                    <th scope="row">
                      <Link to={`/patients/${row.patientId}`}>{row.name}</Link>
                    </th>
                    {AGING_BUCKETS.map((b) => (
                      <td key={b} className="numeric">
                        <Money amount={row.buckets[b]} currency={d.currency} />
                      </td>
                    ))}
                    <td className="numeric">
                      <Money amount={row.total} currency={d.currency} />
                    </td>
                    <td className="numeric">
                      <Money amount={row.credit} currency={d.currency} />
                    </td>
                    <td>{row.lastPaymentDate ? <Day date={row.lastPaymentDate} /> : ''}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="totals-row">
                  <th scope="row">{t('common.totals')}</th>
                  {AGING_BUCKETS.map((b) => (
                    <td key={b} className="numeric">
                      <Money amount={d.totals.buckets[b]} currency={d.currency} />
                    </td>
                  ))}
                  <td className="numeric">
                    <Money amount={d.totals.total} currency={d.currency} />
                  </td>
                  <td className="numeric">
                    <Money amount={d.totals.credit} currency={d.currency} />
                  </td>
                  <td />
                </tr>
              </tfoot>
            </table>
            <Pager page={d.page} pageSize={d.pageSize} total={d.total} onPage={(p) => set({ page: String(p) })} />
          </>
        )}
      </State>
    </>
  );
}

export function Balances() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const clinicId = params.get('clinicId') ?? session.clinicId ?? '';
  const kind = params.get('kind') === 'overpayers' ? 'overpayers' : 'debtors';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { ...(clinicId ? { clinicId } : {}), kind, page, pageSize: PAGE_SIZE };
  const report = useReport<Schema<'PatientBalances'>>('balances', query);
  const set = (change: Record<string, string>) => setParams({ clinicId, kind, ...change });
  return (
    <>
      <div className="page-head">
        <h2>{t('reports.balances')}</h2>
        <DownloadMenu id="balances-files" files={files('balances', query)} />
      </div>
      <form className="filters" aria-label={t('finance.filters')} onSubmit={(e) => e.preventDefault()}>
        <ClinicSelect value={clinicId} onChange={(id) => set({ clinicId: id })} allowAll />
        <div className="filter">
          <label htmlFor="balances-kind">{t('reports.kind')}</label>
          <select id="balances-kind" value={kind} onChange={(e) => set({ kind: e.target.value })}>
            <option value="debtors">{t('reports.debtors')}</option>
            <option value="overpayers">{t('reports.overpayers')}</option>
          </select>
        </div>
      </form>
      <State query={report} empty={(d) => d.items.length === 0}>
        {(d) => (
          <>
            <table className="data-table">
              <caption className="visually-hidden">{t('reports.balances')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('alerts.patient')}</th>
                  <th scope="col" className="numeric">
                    {t('account.treatments')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('account.received')}
                  </th>
                  <th scope="col" className="numeric">
                    {kind === 'debtors' ? t('account.unpaid') : t('account.receivedMore')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('reports.contractBalance')}
                  </th>
                  <th scope="col">{t('reports.lastPayment')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((row) => (
                  <tr key={row.patientId}>
                    <th scope="row">
                      <Link to={`/patients/${row.patientId}`}>{row.name}</Link>
                    </th>
                    <td className="numeric">
                      <Money amount={row.treatmentTotal} currency={d.currency} />
                    </td>
                    <td className="numeric">
                      <Money amount={row.receivedTotal} currency={d.currency} />
                    </td>
                    <td className="numeric">
                      <Money amount={row.amount} currency={d.currency} />
                    </td>
                    <td className="numeric">
                      <Money amount={row.contractBalance} currency={d.currency} />
                    </td>
                    <td>{row.lastPaymentDate ? <Day date={row.lastPaymentDate} /> : ''}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="totals-row">
                  <th scope="row">{t('common.totals')}</th>
                  <td className="numeric">
                    <Money amount={d.totals.treatmentTotal} currency={d.currency} />
                  </td>
                  <td className="numeric">
                    <Money amount={d.totals.receivedTotal} currency={d.currency} />
                  </td>
                  <td className="numeric">
                    <Money amount={d.totals.amount} currency={d.currency} />
                  </td>
                  <td className="numeric">
                    <Money amount={d.totals.contractBalance} currency={d.currency} />
                  </td>
                  <td />
                </tr>
              </tfoot>
            </table>
            <Pager page={d.page} pageSize={d.pageSize} total={d.total} onPage={(p) => set({ page: String(p) })} />
          </>
        )}
      </State>
    </>
  );
}

export function PayablesAging() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const clinicId = params.get('clinicId') ?? session.clinicId ?? '';
  const asOf = params.get('asOf') ?? isoDay(new Date());
  const query = { ...(clinicId ? { clinicId } : {}), asOf };
  const report = useReport<Schema<'PayablesAging'>>('payables-aging', query);
  const set = (change: Record<string, string>) => setParams({ clinicId, asOf, ...change });
  return (
    <>
      <div className="page-head">
        <h2>{t('reports.payablesAging')}</h2>
        <DownloadMenu id="payables-files" files={files('payables-aging', query)} />
      </div>
      <form className="filters" aria-label={t('finance.filters')} onSubmit={(e) => e.preventDefault()}>
        <ClinicSelect value={clinicId} onChange={(id) => set({ clinicId: id })} allowAll />
        <div className="filter">
          <label htmlFor="payables-as-of">{t('reports.asOf')}</label>
          <input
            id="payables-as-of"
            type="date"
            value={asOf}
            onChange={(e) => e.target.value && set({ asOf: e.target.value })}
          />
        </div>
      </form>
      <State query={report} empty={(d) => d.items.length === 0}>
        {(d) => (
          <table className="data-table">
            <caption className="visually-hidden">{t('reports.payablesAging')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('finance.columns.dentalLab')}</th>
                {PAYABLE_BUCKETS.map((b) => (
                  <th key={b} scope="col" className="numeric">
                    {b === 'not_due' ? t('reports.notDue') : t('reports.daysPastDue', { range: b })}
                  </th>
                ))}
                <th scope="col" className="numeric">
                  {t('reports.owed')}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((row) => (
                <tr key={row.labId}>
                  <th scope="row">{row.labName}</th>
                  {PAYABLE_BUCKETS.map((b) => (
                    <td key={b} className="numeric">
                      <Money amount={row.buckets[b]} currency={d.currency} />
                    </td>
                  ))}
                  <td className="numeric">
                    <Money amount={row.total} currency={d.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="totals-row">
                <th scope="row">{t('common.totals')}</th>
                {PAYABLE_BUCKETS.map((b) => (
                  <td key={b} className="numeric">
                    <Money amount={d.totals.buckets[b]} currency={d.currency} />
                  </td>
                ))}
                <td className="numeric">
                  <Money amount={d.totals.total} currency={d.currency} />
                </td>
              </tr>
            </tfoot>
          </table>
        )}
      </State>
    </>
  );
}

export function CaseProfit() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const clinicId = params.get('clinicId') ?? session.clinicId ?? session.me.clinics[0]?.id ?? '';
  const today = new Date();
  const from = params.get('from') ?? isoDay(new Date(today.getFullYear(), 0, 1));
  const to = params.get('to') ?? isoDay(new Date(today.getFullYear(), 11, 31));
  const query = { clinicId, from, to, groupBy: 'physician' };
  const report = useReport<Schema<'CaseProfit'>>('case-profit', query);
  const set = (change: Record<string, string>) => setParams({ clinicId, from, to, ...change });
  return (
    <>
      <div className="page-head">
        <h2>{t('reports.caseProfit')}</h2>
        <DownloadMenu id="case-profit-files" files={files('case-profit', query)} />
      </div>
      <form className="filters" aria-label={t('finance.filters')} onSubmit={(e) => e.preventDefault()}>
        <ClinicSelect value={clinicId} onChange={(id) => set({ clinicId: id })} />
        <PeriodFilter idPrefix="case" from={from} to={to} onChange={set} />
      </form>
      <State query={report} empty={(d) => d.physicians.length === 0}>
        {(d) => (
          <table className="data-table">
            <caption className="visually-hidden">{t('reports.caseProfit')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.physician')}</th>
                <th scope="col" className="numeric">
                  {t('reports.cases')}
                </th>
                <th scope="col" className="numeric">
                  {t('account.treatments')}
                </th>
                <th scope="col" className="numeric">
                  {t('reports.labCost')}
                </th>
                <th scope="col" className="numeric">
                  {t('reports.profit')}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.physicians.map((row) => (
                <tr key={row.physicianId ?? 'clinic'}>
                  <th scope="row">{row.physicianId ? row.name : t('account.noPhysician')}</th>
                  <td className="numeric">
                    <Count value={row.caseCount} />
                  </td>
                  <td className="numeric">
                    <Money amount={row.treatmentAmount} currency={d.currency} />
                  </td>
                  <td className="numeric">
                    <Money amount={row.labCost} currency={d.currency} />
                  </td>
                  <td className="numeric">
                    <Money amount={row.profit} currency={d.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="totals-row">
                <th scope="row">{t('common.totals')}</th>
                <td className="numeric">
                  <Count value={d.totals.caseCount} />
                </td>
                <td className="numeric">
                  <Money amount={d.totals.treatmentAmount} currency={d.currency} />
                </td>
                <td className="numeric">
                  <Money amount={d.totals.labCost} currency={d.currency} />
                </td>
                <td className="numeric">
                  <Money amount={d.totals.profit} currency={d.currency} />
                </td>
              </tr>
            </tfoot>
          </table>
        )}
      </State>
    </>
  );
}
