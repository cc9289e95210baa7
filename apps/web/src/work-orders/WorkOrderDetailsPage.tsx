// Work order details: header with status changes, paid / outstanding / payment status, the plan with each
// installment's coverage, payments (add; edit and delete with a reason, DOMAIN.md E; each payment's History) and the
// activity log.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../app/api';
import { formatDate, formatDateTime, isoDay } from '../app/format';
import { useSession } from '../app/session';
import type { Correction } from '../common/corrections';
import { HistoryButton } from '../common/History';
import { Day, Money } from '../common/Money';
import { ReasonDialog, ReasonFields, useReasonDraft } from '../common/ReasonDialog';
import { ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import { PAYMENT_METHODS, type PaymentMethod } from '../finance/filters';
import { auditChanges, type FieldChange } from './audit-change';
import { useLabs } from '../labs/useLabs';
import {
  PRODUCTION_STATUSES,
  useAddPayment,
  useDeletePayment,
  useUpdatePayment,
  useUpdateWorkOrder,
  useWorkOrder,
  type ProductionStatus,
  type WorkOrderDetails,
  type WorkOrderPayment,
} from './useWorkOrders';

export default function WorkOrderDetailsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useWorkOrder(id);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const wo = query.data;
  return (
    <article aria-labelledby="wo-title" className="details">
      <p>
        <Link to="/work-orders">← {t('nav.workOrders')}</Link>
      </p>
      <h1 id="wo-title">{t('details.title', { number: wo.number })}</h1>
      <Header wo={wo} />
      <Plan wo={wo} />
      <Payments wo={wo} />
      <Activity wo={wo} />
    </article>
  );
}

function Header({ wo }: { wo: WorkOrderDetails }) {
  const { t } = useTranslation();
  const session = useSession();
  const labs = useLabs();
  const update = useUpdateWorkOrder(wo.id);
  const [status, setStatus] = useState<ProductionStatus>(wo.status);
  const lab = labs.data?.items.find((l) => l.id === wo.labId);
  const clinic = session.me.clinics.find((c) => c.id === wo.clinicId);
  const overpaid = wo.outstandingAmount.startsWith('-');
  return (
    <section aria-label={t('details.header')} className="card summary">
      <dl className="facts">
        <dt>{t('workOrders.number')}</dt>
        <dd>{wo.number}</dd>
        <dt>{t('workOrders.lab')}</dt>
        <dd>{lab?.name ?? '…'}</dd>
        <dt>{t('workOrders.clinic')}</dt>
        <dd>{clinic?.name ?? wo.clinicId}</dd>
        <dt>{t('workOrders.patient')}</dt>
        <dd>{wo.patientName ?? (wo.patientId ? t('details.patientUnavailable') : t('details.noPatient'))}</dd>
        <dt>{t('workOrders.documentedDate')}</dt>
        <dd>
          <Day date={wo.documentedDate} />
        </dd>
        <dt>{t('workOrders.description')}</dt>
        <dd>{wo.description}</dd>
        <dt>{t('workOrders.status')}</dt>
        <dd>
          <span className="badge">{t(`status.${wo.status}`)}</span>
        </dd>
      </dl>
      <dl className="figures">
        <div>
          <dt>{t('details.paid')}</dt>
          <dd data-testid="paid-amount">
            <Money amount={wo.paidAmount} currency={wo.currency} />
          </dd>
        </div>
        <div>
          <dt>{overpaid ? t('details.credit') : t('details.outstanding')}</dt>
          <dd data-testid="outstanding-amount">
            <Money amount={wo.outstandingAmount} currency={wo.currency} />
          </dd>
        </div>
        <div>
          <dt>{t('details.paymentStatus')}</dt>
          <dd>
            <span className={`badge badge-${wo.paymentStatus}`}>{t(`paymentStatus.${wo.paymentStatus}`)}</span>
            {wo.overdue && <span className="badge badge-overdue">{t('details.overdue')}</span>}
          </dd>
        </div>
      </dl>
      {session.can('manageWorkOrders') && (
        <form
          className="status-change"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ status });
          }}
        >
          <label htmlFor="wo-status-change">{t('details.changeStatus')}</label>
          <select id="wo-status-change" value={status} onChange={(e) => setStatus(e.target.value as ProductionStatus)}>
            {PRODUCTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <button type="submit" disabled={status === wo.status || update.isPending}>
            {t('details.applyStatus')}
          </button>
          <FieldError id="wo-status-change-error" reasons={update.error ? [update.error.message] : undefined} />
        </form>
      )}
    </section>
  );
}

function Plan({ wo }: { wo: WorkOrderDetails }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="plan-title" className="card">
      <h2 id="plan-title">{t('details.plan')}</h2>
      <p>
        {t(`paymentMethod.${wo.paymentPlan.paymentMethod}`)} ·{' '}
        <Money amount={wo.paymentPlan.totalAmount} currency={wo.currency} />
      </p>
      <table className="data-table">
        <caption className="visually-hidden">{t('details.plan')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('details.installment')}</th>
            <th scope="col">{t('details.dueDate')}</th>
            <th scope="col" className="numeric">
              {t('details.amount')}
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
          {wo.installments.map((i) => {
            const covered = i.remainingAmount.replace(/[-0.]/g, '') === '';
            return (
              <tr key={i.number} className={i.overdue ? 'overdue' : undefined}>
                <td>{i.number}</td>
                <td>
                  <Day date={i.dueDate} />
                </td>
                <td className="numeric">
                  <Money amount={i.amount} currency={wo.currency} />
                </td>
                <td className="numeric">
                  <Money amount={i.coveredAmount} currency={wo.currency} />
                </td>
                <td className="numeric">
                  <Money amount={i.remainingAmount} currency={wo.currency} />
                </td>
                <td>
                  <span className={i.overdue ? 'badge badge-overdue' : covered ? 'badge badge-paid' : 'badge'}>
                    {i.overdue
                      ? t('details.stateOverdue')
                      : covered
                        ? t('details.stateCovered')
                        : t('details.stateOpen')}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

interface PaymentFormValues {
  date: string;
  amount: string;
  method: PaymentMethod;
  reference: string;
  note: string;
}

function PaymentForm(props: {
  idPrefix: string;
  title: string;
  initial: PaymentFormValues;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  /** a correction: the form asks for the reason too, and submits only with one */
  withReason?: boolean;
  onSubmit: (values: PaymentFormValues, correction?: Correction) => void;
  onCancel?: () => void;
  onChange?: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(props.initial);
  const reason = useReasonDraft();
  const { fields, message } = errorsOf(props.error);
  const set = (patch: Partial<PaymentFormValues>) => {
    props.onChange?.();
    setValues({ ...values, ...patch });
  };
  const input = (name: keyof PaymentFormValues, label: string, type = 'text') => {
    const id = `${props.idPrefix}-${name}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {name === 'method' ? (
          <select id={id} value={values.method} onChange={(e) => set({ method: e.target.value as PaymentMethod })}>
            {PAYMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`paymentMethod.${m}`)}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            type={type}
            inputMode={name === 'amount' ? 'decimal' : undefined}
            value={values[name]}
            onChange={(e) => set({ [name]: e.target.value })}
            aria-invalid={fields[name] ? true : undefined}
            aria-describedby={fields[name] ? `${id}-error` : undefined}
          />
        )}
        <FieldError id={`${id}-error`} reasons={fields[name]} />
      </div>
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!props.withReason) return props.onSubmit(values);
    const correction = reason.take();
    if (correction) props.onSubmit(values, correction);
  };
  return (
    <form className="form-inline payment-form" onSubmit={submit} aria-label={props.title} noValidate>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      {input('date', t('details.date'), 'date')}
      {input('amount', t('details.amount'))}
      {input('method', t('details.method'))}
      {input('reference', t('details.reference'))}
      {input('note', t('details.note'))}
      {props.withReason && (
        <ReasonFields
          idPrefix={props.idPrefix}
          value={reason.draft}
          onChange={reason.setDraft}
          showProblems={reason.tried}
          apiFields={fields}
        />
      )}
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

function Payments({ wo }: { wo: WorkOrderDetails }) {
  const { t } = useTranslation();
  const session = useSession();
  const manage = session.can('manageWorkOrders');
  const add = useAddPayment(wo.id);
  const edit = useUpdatePayment(wo.id);
  const remove = useDeletePayment(wo.id);
  const [adding, setAdding] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [editing, setEditing] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const idempotencyKey = useRef(newIdempotencyKey());
  const live = wo.payments.filter((p) => !p.deleted);
  const confirmed = live.find((p) => p.id === confirming);

  return (
    <section aria-labelledby="payments-title" className="card">
      <div className="section-head">
        <h2 id="payments-title">{t('details.payments')}</h2>
        {manage && !adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            {t('details.addPayment')}
          </button>
        )}
      </div>
      {adding && (
        <PaymentForm
          key={formKey}
          idPrefix="payment-new"
          title={t('details.addPayment')}
          initial={{
            date: isoDay(new Date()),
            amount: '',
            method: wo.paymentPlan.paymentMethod,
            reference: '',
            note: '',
          }}
          submitLabel={t('details.savePayment')}
          pending={add.isPending}
          error={add.error}
          onChange={() => (idempotencyKey.current = newIdempotencyKey())}
          onCancel={() => setAdding(false)}
          onSubmit={(v) =>
            add.mutate(
              {
                idempotencyKey: idempotencyKey.current,
                body: {
                  date: v.date,
                  amount: v.amount.trim(),
                  method: v.method,
                  ...(v.reference ? { reference: v.reference } : {}),
                  ...(v.note ? { note: v.note } : {}),
                },
              },
              {
                onSuccess: () => {
                  idempotencyKey.current = newIdempotencyKey();
                  setFormKey((k) => k + 1);
                  setAdding(false);
                },
              },
            )
          }
        />
      )}
      {wo.payments.length === 0 ? (
        <p className="state state-empty">{t('details.noPayments')}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('details.payments')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('details.date')}</th>
              <th scope="col" className="numeric">
                {t('details.amount')}
              </th>
              <th scope="col">{t('details.method')}</th>
              <th scope="col">{t('details.reference')}</th>
              <th scope="col">{t('details.note')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {wo.payments.map((p: WorkOrderPayment) =>
              editing === p.id ? (
                <tr key={p.id}>
                  <td colSpan={6}>
                    <PaymentForm
                      idPrefix={`payment-${p.id}`}
                      title={t('details.editPayment')}
                      initial={{
                        date: p.date,
                        amount: p.amount,
                        method: p.method,
                        reference: p.reference ?? '',
                        note: p.note ?? '',
                      }}
                      submitLabel={t('common.save')}
                      pending={edit.isPending}
                      error={edit.error}
                      withReason
                      onCancel={() => setEditing(undefined)}
                      onSubmit={(v, correction) =>
                        correction &&
                        edit.mutate(
                          {
                            paymentId: p.id,
                            correction,
                            body: {
                              date: v.date,
                              amount: v.amount.trim(),
                              method: v.method,
                              reference: v.reference || null,
                              note: v.note || null,
                            },
                          },
                          { onSuccess: () => setEditing(undefined) },
                        )
                      }
                    />
                  </td>
                </tr>
              ) : (
                <tr key={p.id} className={p.deleted ? 'deleted' : undefined}>
                  <td>
                    <Day date={p.date} />
                    {p.deleted && <span className="visually-hidden"> ({t('details.deleted')})</span>}
                  </td>
                  <td className="numeric">
                    <Money amount={p.amount} currency={p.currency} />
                  </td>
                  <td>{t(`paymentMethod.${p.method}`)}</td>
                  <td>{p.reference ?? ''}</td>
                  <td>{p.note ?? ''}</td>
                  <td>
                    <span className="row-actions">
                      <HistoryButton
                        subject="work-order-payment"
                        id={p.id}
                        what={t('corrections.subjects.workOrderPayment', { name: formatDate(p.date, session.locale) })}
                        currency={p.currency}
                      />
                      {manage && !p.deleted && (
                        <>
                          <button type="button" onClick={() => setEditing(p.id)}>
                            {t('common.edit')}
                          </button>
                          <button type="button" onClick={() => setConfirming(p.id)}>
                            {t('common.delete')}
                          </button>
                        </>
                      )}
                    </span>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      <p className="visually-hidden" aria-live="polite">
        {live.length}
      </p>
      {confirmed && (
        <ReasonDialog
          idPrefix="payment-delete"
          title={t('corrections.deleteTitle', {
            what: t('corrections.subjects.workOrderPayment', { name: formatDate(confirmed.date, session.locale) }),
          })}
          question={t('corrections.deleteQuestion')}
          confirmLabel={t('common.delete')}
          danger
          pending={remove.isPending}
          error={remove.error}
          onClose={() => {
            remove.reset();
            setConfirming(undefined);
          }}
          onConfirm={(correction) =>
            remove.mutate({ paymentId: confirmed.id, correction }, { onSuccess: () => setConfirming(undefined) })
          }
        />
      )}
    </section>
  );
}

/** One field's value as the page shows it: money and dates in the clinic's locale, statuses and methods in words. */
function FieldValue({ change, value, currency }: { change: FieldChange; value?: string; currency: string }) {
  const { t } = useTranslation();
  if (value === undefined) return <>—</>;
  switch (change.field) {
    case 'amount':
      return /^-?\d+(\.\d+)?$/.test(value) ? <Money amount={value} currency={currency} /> : <>{value}</>;
    case 'date':
    case 'documentedDate':
      return <Day date={value} />;
    case 'status':
      return <>{t(`status.${value}`, { defaultValue: value })}</>;
    case 'method':
      return <>{t(`paymentMethod.${value}`, { defaultValue: value })}</>;
    default:
      return <>{value}</>;
  }
}

function Changes({ before, after, currency }: { before: unknown; after: unknown; currency: string }) {
  const { t } = useTranslation();
  const changes = auditChanges(before, after);
  return (
    <ul className="changes">
      {changes.map((c) => (
        <li key={c.field}>
          {t(`details.fields.${c.field}`)}:{' '}
          {before && after ? (
            <>
              <FieldValue change={c} value={c.before} currency={currency} /> →{' '}
              <FieldValue change={c} value={c.after} currency={currency} />
            </>
          ) : (
            <FieldValue change={c} value={after ? c.after : c.before} currency={currency} />
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The activity log: each entry's reason and memo (DOMAIN.md E), deletions struck through, and a payment's History
 * offered once (on its latest entry), so a deleted payment stays findable.
 */
function Activity({ wo }: { wo: WorkOrderDetails }) {
  const { t } = useTranslation();
  const { locale } = useSession();
  const historyOn = new Set<string>();
  const seen = new Set<string>();
  for (const a of wo.audit)
    if (a.entity === 'work_order_payment' && !seen.has(a.entityId)) {
      seen.add(a.entityId);
      historyOn.add(a.id);
    }
  const paymentDate = (a: WorkOrderDetails['audit'][number]) => {
    const values = (a.after ?? a.before) as { date?: unknown } | null;
    return typeof values?.date === 'string' ? formatDate(values.date.slice(0, 10), locale) : '';
  };
  return (
    <section aria-labelledby="activity-title" className="card">
      <h2 id="activity-title">{t('details.activity')}</h2>
      {wo.audit.length === 0 ? (
        <p className="state state-empty">{t('details.noActivity')}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('details.activity')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('details.when')}</th>
              <th scope="col">{t('details.what')}</th>
              <th scope="col">{t('details.who')}</th>
              <th scope="col">{t('corrections.reason')}</th>
              <th scope="col">{t('details.change')}</th>
            </tr>
          </thead>
          <tbody>
            {wo.audit.map((a) => (
              <tr key={a.id} className={a.action === 'deleted' ? 'deleted' : undefined}>
                <td>
                  <time dateTime={a.at}>{formatDateTime(a.at, locale)}</time>
                </td>
                <td>
                  {t(`details.entries.${a.entity}.${a.action}`, { defaultValue: `${a.entity} ${a.action}` })}
                  {historyOn.has(a.id) && (
                    <>
                      {' '}
                      <HistoryButton
                        subject="work-order-payment"
                        id={a.entityId}
                        what={t('corrections.subjects.workOrderPayment', { name: paymentDate(a) })}
                        currency={wo.currency}
                      />
                    </>
                  )}
                </td>
                <td>{a.userName ?? t('details.formerUser')}</td>
                <td className="wrap">
                  {a.reason ? t(`corrections.reasons.${a.reason}`) : ''}
                  {a.memo ? ` · ${a.memo}` : ''}
                </td>
                <td className="wrap">
                  <Changes before={a.before} after={a.after} currency={wo.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
