// The Account page's other tables: the Family Account, the Contract receivables with their installments, and the
// patient's alerts with New alert (DOMAIN.md B).
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isoDay, toMinor } from '../app/format';
import { useSession } from '../app/session';
import { Day, Money } from '../common/Money';
import { errorsOf, FieldError } from '../common/states';
import { useAddAlert, type PatientAccount } from './usePatients';

/** Unpaid (red) or received more (green) of one account summary. */
function Balance({ unpaid, receivedMore, currency }: { unpaid: string; receivedMore: string; currency: string }) {
  if (toMinor(receivedMore) > 0n)
    return (
      <span className="figure-received-more-text">
        <Money amount={receivedMore} currency={currency} />
      </span>
    );
  return (
    <span className={toMinor(unpaid) > 0n ? 'figure-unpaid-text' : undefined}>
      <Money amount={unpaid} currency={currency} />
    </span>
  );
}

export function FamilyAccount({ account }: { account: PatientAccount }) {
  const { t } = useTranslation();
  const family = account.family;
  if (!family) return null;
  return (
    <section aria-labelledby="family-title" className="card">
      <h2 id="family-title">{t('account.familyAccount', { name: family.family.name })}</h2>
      <table className="data-table">
        <caption className="visually-hidden">{t('account.familyAccount', { name: family.family.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('patients.name')}</th>
            <th scope="col" className="numeric">{t('account.treatments')}</th>
            <th scope="col" className="numeric">{t('account.received')}</th>
            <th scope="col" className="numeric">{t('account.unpaidOrMore')}</th>
          </tr>
        </thead>
        <tbody>
          {family.members.map((m) => (
            <tr key={m.patientId}>
              <td>
                <Link to={`/patients/${m.patientId}`}>{`${m.firstName} ${m.lastName}`}</Link>
              </td>
              <td className="numeric">
                <Money amount={m.treatmentTotal} currency={m.currency} />
              </td>
              <td className="numeric">
                <Money amount={m.receivedTotal} currency={m.currency} />
              </td>
              <td className="numeric">
                <Balance unpaid={m.unpaid} receivedMore={m.receivedMore} currency={m.currency} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {family.totals.map((total) => (
            <tr key={total.currency} className="totals-row">
              <th scope="row">{t('common.totals')}</th>
              <td className="numeric">
                <Money amount={total.treatmentTotal} currency={total.currency} />
              </td>
              <td className="numeric">
                <Money amount={total.receivedTotal} currency={total.currency} />
              </td>
              <td className="numeric">
                <Balance unpaid={total.unpaid} receivedMore={total.receivedMore} currency={total.currency} />
              </td>
            </tr>
          ))}
        </tfoot>
      </table>
    </section>
  );
}

export function Contracts({ account }: { account: PatientAccount }) {
  const { t } = useTranslation();
  if (account.contracts.length === 0) return null;
  return (
    <section aria-labelledby="contracts-title" className="card">
      <h2 id="contracts-title">{t('account.contracts')}</h2>
      {account.contracts.map((c) => (
        <table key={c.id} className="data-table">
          <caption>
            {t('account.contractOf', { date: c.contractDate })} · <Money amount={c.totalAmount} currency={c.currency} />
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('details.dueDate')}</th>
              <th scope="col" className="numeric">{t('account.amount')}</th>
              <th scope="col" className="numeric">{t('details.covered')}</th>
              <th scope="col" className="numeric">{t('details.remaining')}</th>
              <th scope="col">{t('details.state')}</th>
            </tr>
          </thead>
          <tbody>
            {c.installments.map((i) => (
              <tr key={i.number} className={i.status === 'overdue' ? 'overdue' : undefined}>
                <td>{i.number}</td>
                <td>
                  <Day date={i.dueDate} />
                </td>
                <td className="numeric">
                  <Money amount={i.amount} currency={c.currency} />
                </td>
                <td className="numeric">
                  <Money amount={i.coveredAmount} currency={c.currency} />
                </td>
                <td className="numeric">
                  <Money amount={i.remainingAmount} currency={c.currency} />
                </td>
                <td>
                  <span className={`badge badge-${i.status}`}>{t(`account.installmentStatus.${i.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="totals-row">
              <th scope="row" colSpan={2}>
                {t('common.totals')}
              </th>
              <td className="numeric">
                <Money amount={c.receivableAmount} currency={c.currency} />
              </td>
              <td className="numeric">
                <Money amount={c.coveredAmount} currency={c.currency} />
              </td>
              <td className="numeric">
                <Money amount={c.overdueAmount} currency={c.currency} />
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      ))}
    </section>
  );
}

export function PatientAlerts({ account }: { account: PatientAccount }) {
  const { t } = useTranslation();
  const session = useSession();
  const add = useAddAlert(account.patient.id);
  const [form, setForm] = useState({ date: isoDay(new Date()), amount: '', note: '' });
  if (!session.can('viewAlerts')) return null;
  const { fields, message } = errorsOf(add.error);
  const open = account.alerts.filter((a) => a.status === 'open');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      { date: form.date, ...(form.amount.trim() ? { amount: form.amount.trim() } : {}), ...(form.note.trim() ? { note: form.note.trim() } : {}) },
      { onSuccess: () => setForm({ ...form, amount: '', note: '' }) },
    );
  };
  const field = (name: 'date' | 'amount' | 'note', label: string, type = 'text') => {
    const id = `alert-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={type}
          value={form[name]}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
          aria-invalid={fields[name] ? true : undefined}
          aria-describedby={fields[name] ? `${id}-error` : undefined}
        />
        <FieldError id={`${id}-error`} reasons={fields[name]} />
      </div>
    );
  };
  return (
    <section aria-labelledby="patient-alerts-title" className="card">
      <h2 id="patient-alerts-title">{t('alerts.title')}</h2>
      {account.alertsUnavailable && <p className="notice notice-warning">{t('account.alertsUnavailable')}</p>}
      {open.length > 0 && (
        <ul className="alert-list">
          {open.map((a) => (
            <li key={a.id} className={a.overdue ? 'overdue' : undefined}>
              <Day date={a.date} /> {a.amount ? <Money amount={a.amount} currency={a.currency} /> : null} {a.note ?? ''}
            </li>
          ))}
        </ul>
      )}
      <form className="form-inline" aria-label={t('account.newAlert')} noValidate onSubmit={submit}>
        {message && (
          <p className="notice notice-error" role="alert">
            {message}
          </p>
        )}
        {field('date', t('alerts.date'), 'date')}
        {field('amount', t('alerts.amount'))}
        {field('note', t('alerts.note'))}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={add.isPending}>
            {t('account.newAlert')}
          </button>
        </div>
      </form>
    </section>
  );
}
