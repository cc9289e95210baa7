// Reports: the Account Book (Daily / Monthly / Yearly with Previous / Next, received by type, refunds, bank
// expenses, lab payments, net turnover, the Difference in green or red, a chart of the period) and Progress Payment
// per physician. Filters live in the URL; Download offers CSV, XLSX and PDF of exactly what is on screen.
import type { ReactNode } from 'react';
import { NavLink, Navigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Schema } from '@dental/api-client';
import { formatMoney, formatPercent, fromMinor, isoDay, toMinor } from '../app/format';
import { useSession } from '../app/session';
import { DownloadMenu } from '../common/DownloadMenu';
import { Day, Money } from '../common/Money';
import { Empty, ErrorState, Loading } from '../common/states';
import { Balances, CaseProfit, PayablesAging, ReceivablesAging } from './InsightReports';
import { ClinicSelect, PeriodFilter } from './ReportFilters';
import { GROUP_BYS, shiftAnchor, windowOf, type GroupBy } from './period';
import { REPORT_FORMATS, reportFileHref, useAccountBook, useProgressPayments } from './useReports';

type BookRow = Schema<'AccountBookRow'>;

export default function ReportsPage() {
  const { report } = useParams();
  const { t } = useTranslation();
  const session = useSession();
  const books = session.can('viewBooks');
  const reports = (
    [
      ['account-book', books, 'reports.accountBook'],
      ['progress-payment', session.can('viewProgressPayment'), 'reports.progressPayment'],
      ['receivables-aging', books, 'reports.receivablesAging'],
      ['balances', books, 'reports.balances'],
      ['payables-aging', session.can('viewPayables'), 'reports.payablesAging'],
      ['case-profit', books, 'reports.caseProfit'],
      ['journal', books, 'reports.journal'],
    ] as const
  ).filter(([, allowed]) => allowed);
  const titles = Object.fromEntries(reports.map(([name, , title]) => [name, title]));
  if (reports.length === 0)
    return (
      <p className="state state-error" role="alert">
        {t('common.forbidden')}
      </p>
    );
  if (!report || !titles[report]) return <Navigate to={`/reports/${reports[0][0]}`} replace />;
  return (
    <section aria-labelledby="reports-title">
      <div className="page-head">
        <h1 id="reports-title">{t('reports.title')}</h1>
      </div>
      <nav aria-label={t('reports.title')} className="sub-nav">
        <ul>
          {reports.map(([name, , title]) => (
            <li key={name}>
              <NavLink to={`/reports/${name}`}>{t(title)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Report name={report} />
    </section>
  );
}

function Report({ name }: { name: string }) {
  switch (name) {
    case 'account-book':
      return <AccountBook />;
    case 'progress-payment':
      return <ProgressPayment />;
    case 'receivables-aging':
      return <ReceivablesAging />;
    case 'balances':
      return <Balances />;
    case 'payables-aging':
      return <PayablesAging />;
    case 'case-profit':
      return <CaseProfit />;
    default:
      return <Journal />;
  }
}

/** The clinic a report is for: the URL's, else the top bar's, else the first of mine (a report is per clinic). */
function useReportClinic(params: URLSearchParams): string {
  const session = useSession();
  return params.get('clinicId') ?? session.clinicId ?? session.me.clinics[0]?.id ?? '';
}

function Downloads({ path, query }: { path: 'account-book' | 'progress-payments'; query: Record<string, unknown> }) {
  return (
    <DownloadMenu
      id="report-downloads"
      files={REPORT_FORMATS.map((format) => ({ format, href: reportFileHref(path, query, format) }))}
    />
  );
}

/** Money in (net turnover) minus money out (lab payments): green when it is not negative, red when it is. */
function difference(row: Pick<BookRow, 'netTurnover' | 'labPayments'>): string {
  return fromMinor(toMinor(row.netTurnover) - toMinor(row.labPayments));
}

function AccountBook() {
  const { t } = useTranslation();
  const { locale } = useSession();
  const [params, setParams] = useSearchParams();
  const clinicId = useReportClinic(params);
  const groupBy = (GROUP_BYS as string[]).includes(params.get('groupBy') ?? '')
    ? (params.get('groupBy') as GroupBy)
    : 'day';
  const anchor = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : isoDay(new Date());
  const window = windowOf(groupBy, anchor);
  const query = { clinicId, groupBy, ...window };
  const book = useAccountBook(query);
  const set = (change: Record<string, string>) => setParams({ clinicId, groupBy, date: anchor, ...change });
  const currency = book.data?.currency ?? 'EUR';
  const money = (a: string) => formatMoney(a, currency, locale);
  const label = (period: string) => (groupBy === 'day' ? <Day date={period} /> : period);

  return (
    <>
      <div className="page-head">
        <h2>{t('reports.accountBook')}</h2>
        <Downloads path="account-book" query={query} />
      </div>
      <form className="filters" aria-label={t('finance.filters')} onSubmit={(e) => e.preventDefault()}>
        <ClinicSelect value={clinicId} onChange={(id) => set({ clinicId: id })} />
        <fieldset className="filter-group">
          <legend>{t('reports.view')}</legend>
          {GROUP_BYS.map((g) => (
            <label key={g}>
              <input type="radio" name="group-by" checked={groupBy === g} onChange={() => set({ groupBy: g })} />{' '}
              {t(`reports.groupBy.${g}`)}
            </label>
          ))}
        </fieldset>
        <div className="filter pager">
          <button type="button" onClick={() => set({ date: shiftAnchor(groupBy, anchor, -1) })}>
            {t('common.previous')}
          </button>
          <span data-testid="report-period">
            <Day date={window.from} /> – <Day date={window.to} />
          </span>
          <button type="button" onClick={() => set({ date: shiftAnchor(groupBy, anchor, 1) })}>
            {t('common.next')}
          </button>
        </div>
      </form>
      {book.isPending ? (
        <Loading />
      ) : book.isError ? (
        <ErrorState error={book.error} onRetry={() => void book.refetch()} />
      ) : book.data.items.length === 0 ? (
        <Empty>{t('reports.noMoney')}</Empty>
      ) : (
        <>
          <BookChart rows={book.data.items} money={money} />
          <table className="data-table">
            <caption className="visually-hidden">{t('reports.accountBook')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.period')}</th>
                {(['cash', 'card', 'bank_transfer', 'check'] as const).map((type) => (
                  <th key={type} scope="col" className="numeric">
                    {t(`paymentType.${type}`)}
                  </th>
                ))}
                <th scope="col" className="numeric">
                  {t('reports.received')}
                </th>
                <th scope="col" className="numeric">
                  {t('reports.refunds')}
                </th>
                <th scope="col" className="numeric">
                  {t('reports.bankExpenses')}
                </th>
                <th scope="col" className="numeric">
                  {t('reports.netTurnover')}
                </th>
                <th scope="col" className="numeric">
                  {t('reports.labPayments')}
                </th>
                <th scope="col" className="numeric">
                  {t('reports.difference')}
                </th>
              </tr>
            </thead>
            <tbody>
              {book.data.items.map((row) => (
                <BookLine key={row.period} head={label(row.period)} row={row} currency={currency} />
              ))}
            </tbody>
            <tfoot>
              <BookLine head={t('common.totals')} row={book.data.totals} currency={currency} totals />
            </tfoot>
          </table>
        </>
      )}
    </>
  );
}

function BookLine({
  head,
  row,
  currency,
  totals,
}: {
  head: ReactNode;
  row: Omit<BookRow, 'period'>;
  currency: string;
  totals?: boolean;
}) {
  const diff = difference(row);
  const cell = (amount: string) => (
    <td className="numeric">
      <Money amount={amount} currency={currency} />
    </td>
  );
  return (
    <tr className={totals ? 'totals-row' : undefined}>
      <th scope="row">{head}</th>
      {cell(row.receivedByType.cash)}
      {cell(row.receivedByType.card)}
      {cell(row.receivedByType.bank_transfer)}
      {cell(row.receivedByType.check)}
      {cell(row.receivedAmount)}
      {cell(row.refunds)}
      {cell(row.bankExpenses)}
      {cell(row.netTurnover)}
      {cell(row.labPayments)}
      <td className={`numeric ${toMinor(diff) < 0n ? 'difference-negative' : 'difference-positive'}`}>
        <Money amount={diff} currency={currency} />
      </td>
    </tr>
  );
}

/** Net turnover per period as bars (plain SVG, geometry attributes only, as the CSP demands). */
function BookChart({ rows, money }: { rows: BookRow[]; money: (a: string) => string }) {
  const { t } = useTranslation();
  const WIDTH = 720;
  const HEIGHT = 160;
  const values = rows.map((r) => toMinor(r.netTurnover));
  const top = values.reduce((m, v) => (v > m ? v : m), 1n);
  const bar = Math.min(40, Math.max(2, Math.floor(WIDTH / rows.length) - 2));
  return (
    <figure className="chart">
      <figcaption id="book-chart-title">{t('reports.chartTitle')}</figcaption>
      <svg
        role="img"
        aria-labelledby="book-chart-title book-chart-desc"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <desc id="book-chart-desc">{rows.map((r) => `${r.period}: ${money(r.netTurnover)}`).join('; ')}</desc>
        {rows.map((r, i) => {
          const h = values[i] > 0n ? Number((values[i] * BigInt(HEIGHT - 10)) / top) : 0;
          return (
            <rect key={r.period} x={i * (bar + 2)} y={HEIGHT - h} width={bar} height={h} className="bar-paid">
              <title>{`${r.period}: ${money(r.netTurnover)}`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}

function ProgressPayment() {
  const { t } = useTranslation();
  const { locale } = useSession();
  const [params, setParams] = useSearchParams();
  const clinicId = useReportClinic(params);
  const today = new Date();
  const from = params.get('from') ?? isoDay(new Date(today.getFullYear(), today.getMonth(), 1));
  const to = params.get('to') ?? isoDay(new Date(today.getFullYear(), today.getMonth() + 1, 0));
  const query = { clinicId, from, to };
  const report = useProgressPayments(query);
  const set = (change: Record<string, string>) => setParams({ clinicId, from, to, ...change });
  const currency = report.data?.currency ?? 'EUR';
  const columns = ['collectedAmount', 'baseAmount', 'labFeeAmount', 'costAmount', 'netAmount', 'earnedAmount'] as const;
  return (
    <>
      <div className="page-head">
        <h2>{t('reports.progressPayment')}</h2>
        <Downloads path="progress-payments" query={query} />
      </div>
      <form className="filters" aria-label={t('finance.filters')} onSubmit={(e) => e.preventDefault()}>
        <ClinicSelect value={clinicId} onChange={(id) => set({ clinicId: id })} />
        <PeriodFilter idPrefix="progress" from={from} to={to} onChange={set} />
      </form>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.items.length === 0 ? (
        <Empty>{t('reports.noEarnings')}</Empty>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('reports.progressPayment')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('account.physician')}</th>
              {columns.map((c) => (
                <th key={c} scope="col" className="numeric">
                  {t(`reports.progress.${c}`)}
                </th>
              ))}
              <th scope="col" className="numeric">
                {t('reports.progress.commissionPercent')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.data.items.map((row) => (
              <tr key={row.physicianId}>
                <th scope="row">{row.name}</th>
                {columns.map((c) => (
                  <td key={c} className="numeric">
                    <Money amount={row[c]} currency={currency} />
                  </td>
                ))}
                <td className="numeric">
                  {row.commissionPercent === null ? '' : formatPercent(row.commissionPercent, locale)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="totals-row">
              <th scope="row">{t('common.totals')}</th>
              {columns.map((c) => (
                <td key={c} className="numeric">
                  <Money amount={report.data.totals[c]} currency={currency} />
                </td>
              ))}
              <td />
            </tr>
          </tfoot>
        </table>
      )}
    </>
  );
}

/** The journal for the books: double-entry lines of a clinic and period, downloaded for the accounting program. */
function Journal() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const clinicId = useReportClinic(params);
  const today = new Date();
  const from = params.get('from') ?? isoDay(new Date(today.getFullYear(), today.getMonth(), 1));
  const to = params.get('to') ?? isoDay(new Date(today.getFullYear(), today.getMonth() + 1, 0));
  const delimiter = params.get('delimiter') === 'semicolon' ? 'semicolon' : 'comma';
  const set = (change: Record<string, string>) => setParams({ clinicId, from, to, delimiter, ...change });
  const href = (format: 'csv' | 'xlsx') => {
    const query = new URLSearchParams({ clinicId, from, to, format, ...(format === 'csv' ? { delimiter } : {}) });
    return `/api/v1/reports/journal?${query.toString()}`;
  };
  return (
    <>
      <div className="page-head">
        <h2>{t('reports.journal')}</h2>
      </div>
      <p className="muted">{t('reports.journalHint')}</p>
      <form className="filters" aria-label={t('finance.filters')} onSubmit={(e) => e.preventDefault()}>
        <ClinicSelect value={clinicId} onChange={(id) => set({ clinicId: id })} />
        <PeriodFilter idPrefix="journal" from={from} to={to} onChange={set} />
        <div className="filter">
          <label htmlFor="journal-delimiter">{t('reports.delimiter')}</label>
          <select id="journal-delimiter" value={delimiter} onChange={(e) => set({ delimiter: e.target.value })}>
            <option value="comma">{t('reports.comma')}</option>
            <option value="semicolon">{t('reports.semicolon')}</option>
          </select>
        </div>
      </form>
      <p className="row-actions">
        <a className="button primary" href={href('csv')} download>
          {t('finance.reportAs', { format: 'CSV' })}
        </a>
        <a className="button" href={href('xlsx')} download>
          {t('finance.reportAs', { format: 'XLSX' })}
        </a>
      </p>
    </>
  );
}
