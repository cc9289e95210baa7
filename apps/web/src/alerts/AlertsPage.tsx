// Alerts: the payment dates due today and overdue, of the chosen clinic(s); Done closes one (DOMAIN.md B, Alerts).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../app/api';
import { useSession } from '../app/session';
import { Day, Money } from '../common/Money';
import { Empty, ErrorState, Loading } from '../common/states';

type Due = 'today' | 'overdue';
const alertKeys = {
  all: ['alerts'] as const,
  list: (due: Due, clinicId?: string) => [...alertKeys.all, due, clinicId] as const,
};

export default function AlertsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const [due, setDue] = useState<Due>('today');
  const alerts = useQuery({
    queryKey: alertKeys.list(due, session.clinicId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/alerts', {
          params: { query: { due, ...(session.clinicId ? { clinicId: session.clinicId } : {}) } },
          signal,
        }),
      ),
  });
  const done = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.PATCH('/api/v1/alerts/{id}', { params: { path: { id } }, body: { done: true } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
  return (
    <section aria-labelledby="alerts-title">
      <div className="page-head">
        <h1 id="alerts-title">{t('alerts.title')}</h1>
      </div>
      <div role="tablist" aria-label={t('alerts.title')} className="tabs">
        {(['today', 'overdue'] as const).map((d) => (
          <button key={d} type="button" role="tab" aria-selected={due === d} onClick={() => setDue(d)}>
            {t(d === 'today' ? 'alerts.dueToday' : 'alerts.overdue')}
          </button>
        ))}
      </div>
      {done.error && <ErrorState error={done.error} />}
      {alerts.isPending ? (
        <Loading />
      ) : alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : alerts.data.items.length === 0 ? (
        <Empty>{t('alerts.empty')}</Empty>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('alerts.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('alerts.date')}</th>
              <th scope="col">{t('alerts.patient')}</th>
              <th scope="col" className="numeric">
                {t('alerts.amount')}
              </th>
              <th scope="col">{t('alerts.note')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {alerts.data.items.map((a) => (
              <tr key={a.id} className={a.overdue ? 'overdue' : undefined}>
                <td>
                  <Day date={a.date} />
                </td>
                <td>
                  <Link to={`/patients/${a.patientId}`}>{a.patientName}</Link>
                </td>
                <td className="numeric">{a.amount ? <Money amount={a.amount} currency={a.currency} /> : ''}</td>
                <td className="wrap">{a.note ?? ''}</td>
                <td>
                  <button
                    type="button"
                    disabled={done.isPending}
                    aria-label={t('alerts.markDoneFor', { name: a.patientName })}
                    onClick={() => done.mutate(a.id)}
                  >
                    {t('alerts.markDone')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
