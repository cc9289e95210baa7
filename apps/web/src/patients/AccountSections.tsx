// The Account page's other tables: the Family Account, the Contract receivables with their installments, the
// patient's alerts with New alert, and the treatment plans with Copy to treatments (DOMAIN.md B).
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../app/api';
import { isoDay, toMinor } from '../app/format';
import { useSession } from '../app/session';
import { HistoryButton } from '../common/History';
import { Day, Money } from '../common/Money';
import { ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import {
  useAddAlert,
  useCopyPlan,
  useCreatePlan,
  useDeletedPayments,
  usePhysicians,
  useTreatmentPlans,
  type PatientAccount,
} from './usePatients';

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
            <th scope="col" className="numeric">
              {t('account.treatments')}
            </th>
            <th scope="col" className="numeric">
              {t('account.received')}
            </th>
            <th scope="col" className="numeric">
              {t('account.unpaidOrMore')}
            </th>
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
              <th scope="col" className="numeric">
                {t('account.amount')}
              </th>
              <th scope="col" className="numeric">
                {t('details.covered')}
              </th>
              <th scope="col" className="numeric">
                {t('details.remaining')}
              </th>
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
      {
        date: form.date,
        ...(form.amount.trim() ? { amount: form.amount.trim() } : {}),
        ...(form.note.trim() ? { note: form.note.trim() } : {}),
      },
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

interface PlanItemDraft {
  procedure: string;
  tooth: string;
  physicianId: string;
  amount: string;
}
const emptyItem = (): PlanItemDraft => ({ procedure: '', tooth: '', physicianId: '', amount: '' });

/** Treatment plans: proposed treatments, New plan, and Copy to treatments (items not copied yet, performed today). */
export function TreatmentPlans({ account }: { account: PatientAccount }) {
  const { t } = useTranslation();
  const session = useSession();
  const patientId = account.patient.id;
  const plans = useTreatmentPlans(patientId);
  const physicians = usePhysicians(account.patient.clinicId);
  const create = useCreatePlan(patientId);
  const copy = useCopyPlan(patientId);
  const key = useRef(newIdempotencyKey());
  const [items, setItems] = useState<PlanItemDraft[]>([emptyItem()]);
  if (!session.can('manageTreatments')) return null;
  const physicianName = new Map(physicians.data?.items.map((p) => [p.id, p.name]) ?? []);
  const { fields, message } = errorsOf(create.error);
  const change = (index: number, patch: Partial<PlanItemDraft>) => {
    key.current = newIdempotencyKey();
    setItems(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        idempotencyKey: key.current,
        body: {
          items: items.map((i) => ({
            procedure: i.procedure.trim(),
            amount: i.amount.trim(),
            ...(i.tooth.trim() ? { tooth: i.tooth.trim() } : {}),
            ...(i.physicianId ? { physicianId: i.physicianId } : {}),
          })),
        },
      },
      {
        onSuccess: () => {
          key.current = newIdempotencyKey();
          setItems([emptyItem()]);
        },
      },
    );
  };
  return (
    <section aria-labelledby="plans-title" className="card">
      <h2 id="plans-title">{t('account.plans')}</h2>
      {copy.error ? <ErrorState error={copy.error} /> : null}
      {plans.data?.items.map((plan, n) => {
        const open = plan.items.filter((i) => i.treatmentId === null).length;
        return (
          <table key={plan.id} className="data-table">
            <caption>
              {t('account.planNumber', { number: (plans.data?.items.length ?? 0) - n })} ·{' '}
              <Money amount={plan.totalAmount} currency={plan.currency} />
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('account.procedure')}</th>
                <th scope="col">{t('account.tooth')}</th>
                <th scope="col">{t('account.physician')}</th>
                <th scope="col" className="numeric">
                  {t('account.amount')}
                </th>
                <th scope="col">{t('details.state')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.items.map((item) => (
                <tr key={item.id} className="treatment-copied">
                  <td>{item.procedure}</td>
                  <td>{item.tooth ?? ''}</td>
                  <td>{item.physicianId ? (physicianName.get(item.physicianId) ?? '…') : t('account.noPhysician')}</td>
                  <td className="numeric">
                    <Money amount={item.amount} currency={plan.currency} />
                  </td>
                  <td>{item.treatmentId ? t('account.copiedState') : t('account.plannedState')}</td>
                </tr>
              ))}
            </tbody>
            {open > 0 && (
              <tfoot>
                <tr>
                  <td colSpan={5}>
                    <button
                      type="button"
                      disabled={copy.isPending}
                      aria-label={t('account.copyPlan', { number: (plans.data?.items.length ?? 0) - n })}
                      onClick={() =>
                        copy.mutate({ planId: plan.id, date: isoDay(new Date()), idempotencyKey: newIdempotencyKey() })
                      }
                    >
                      {t('account.copyToTreatments')}
                    </button>
                  </td>
                </tr>
              </tfoot>
            )}
          </table>
        );
      })}
      <form className="plan-form" aria-label={t('account.newPlan')} noValidate onSubmit={submit}>
        {message && (
          <p className="notice notice-error" role="alert">
            {message}
          </p>
        )}
        {items.map((item, i) => (
          <fieldset key={i} className="form-inline">
            <legend className="visually-hidden">{t('account.planItem', { number: i + 1 })}</legend>
            {(['procedure', 'tooth', 'amount'] as const).map((name) => {
              const id = `plan-${i}-${name}`;
              const reasons = fields[`items.${i}.${name}`];
              return (
                <div className="field" key={name}>
                  <label htmlFor={id}>{`${t(`account.${name}`)} ${i + 1}`}</label>
                  <input
                    id={id}
                    inputMode={name === 'amount' ? 'decimal' : undefined}
                    value={item[name]}
                    onChange={(e) => change(i, { [name]: e.target.value })}
                    aria-invalid={reasons ? true : undefined}
                    aria-describedby={reasons ? `${id}-error` : undefined}
                  />
                  <FieldError id={`${id}-error`} reasons={reasons} />
                </div>
              );
            })}
            <div className="field">
              <label htmlFor={`plan-${i}-physician`}>{`${t('account.physician')} ${i + 1}`}</label>
              <select
                id={`plan-${i}-physician`}
                value={item.physicianId}
                onChange={(e) => change(i, { physicianId: e.target.value })}
              >
                <option value="">{t('account.choosePhysician')}</option>
                {physicians.data?.items.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
        ))}
        <div className="form-actions">
          <button type="button" onClick={() => setItems([...items, emptyItem()])}>
            {t('account.addPlanItem')}
          </button>
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('account.newPlan')}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * Received money that was deleted (DOMAIN.md E): no longer counted anywhere, but still listed, struck through, with its
 * History (who deleted it, when and why), once "Show deleted" is ticked.
 */
export function DeletedReceivedMoney({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const deleted = useDeletedPayments(patientId, shown);
  return (
    <div>
      <label className="toggle">
        <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} />
        {t('account.showDeleted')}
      </label>
      {shown &&
        (deleted.isPending ? (
          <Loading />
        ) : deleted.isError ? (
          <ErrorState error={deleted.error} />
        ) : deleted.data.length === 0 ? (
          <p className="state state-empty">{t('account.noDeletedPayments')}</p>
        ) : (
          <table className="data-table">
            <caption>{t('account.deletedPayments')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.receipt')}</th>
                <th scope="col">{t('account.date')}</th>
                <th scope="col">{t('account.paymentType')}</th>
                <th scope="col" className="numeric">
                  {t('account.amount')}
                </th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {deleted.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <s>{p.receiptNumber}</s>
                  </td>
                  <td>
                    <s>
                      <Day date={p.date} />
                    </s>
                  </td>
                  <td>
                    <s>{t(`paymentType.${p.paymentType}`)}</s>
                  </td>
                  <td className="numeric">
                    <s>
                      <Money amount={p.amount} currency={p.currency} />
                    </s>
                  </td>
                  <td>
                    <HistoryButton
                      subject="patient-payment"
                      id={p.id}
                      what={t('corrections.subjects.payment', { name: p.receiptNumber })}
                      currency={p.currency}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
