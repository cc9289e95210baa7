// Paid vs outstanding per lab: plain SVG (geometry attributes only, no inline style, as the CSP demands).
import { useTranslation } from 'react-i18next';
import type { Schema } from '@dental/api-client';
import { formatMoney, toMinor } from '../app/format';
import { useSession } from '../app/session';

type Row = Schema<'FinanceLabRow'>;
const BAR = 18;
const GAP = 10;
const LABEL = 160;
const WIDTH = 720;

export function LabsChart({ rows, currency }: { rows: Row[]; currency: string }) {
  const { t } = useTranslation();
  const { locale } = useSession();
  if (rows.length === 0) return null;
  // bar lengths only: exact thousandths scaled to the widest total (a drawing, not a money figure)
  const positive = (a: string) => (toMinor(a) > 0n ? toMinor(a) : 0n);
  const widest = rows.reduce((m, r) => {
    const w = positive(r.paidAmount) + positive(r.outstandingAmount);
    return w > m ? w : m;
  }, 1n);
  const scale = (minor: bigint) => Number((minor * BigInt(WIDTH - LABEL - 10)) / widest);
  const height = rows.length * (BAR + GAP) + GAP + 24;
  const money = (a: string) => formatMoney(a, currency, locale);
  return (
    <figure className="chart">
      <figcaption id="labs-chart-title">{t('finance.chartTitle')}</figcaption>
      <svg
        role="img"
        aria-labelledby="labs-chart-title labs-chart-desc"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <desc id="labs-chart-desc">
          {rows
            .map(
              (r) =>
                `${r.labName}: ${t('finance.chartPaid')} ${money(r.paidAmount)}, ${t('finance.chartOutstanding')} ${money(r.outstandingAmount)}`,
            )
            .join('; ')}
        </desc>
        {rows.map((r, i) => {
          const y = GAP + i * (BAR + GAP);
          const paid = scale(positive(r.paidAmount));
          const outstanding = scale(positive(r.outstandingAmount));
          return (
            <g key={r.labId}>
              <text x={LABEL - 8} y={y + BAR - 4} textAnchor="end" className="chart-label">
                {r.labName.length > 22 ? `${r.labName.slice(0, 21)}…` : r.labName}
              </text>
              <rect x={LABEL} y={y} width={paid} height={BAR} className="bar-paid">
                <title>{`${t('finance.chartPaid')}: ${money(r.paidAmount)}`}</title>
              </rect>
              <rect x={LABEL + paid} y={y} width={outstanding} height={BAR} className="bar-outstanding">
                <title>{`${t('finance.chartOutstanding')}: ${money(r.outstandingAmount)}`}</title>
              </rect>
            </g>
          );
        })}
        <g transform={`translate(${LABEL}, ${height - 16})`}>
          <rect width="12" height="12" className="bar-paid" />
          <text x="18" y="11" className="chart-legend">
            {t('finance.chartPaid')}
          </text>
          <rect x="110" width="12" height="12" className="bar-outstanding" />
          <text x="128" y="11" className="chart-legend">
            {t('finance.chartOutstanding')}
          </text>
        </g>
      </svg>
    </figure>
  );
}
