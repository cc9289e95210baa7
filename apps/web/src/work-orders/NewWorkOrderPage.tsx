// New work order with its payment plan: one due date, or installments with a live sum against the total.
// The API decides (400 per field, 422 when the installments do not sum to the total); the form shows its answer
// beside the field it names.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiFailure, newIdempotencyKey } from '../app/api';
import { formatMoney, isoDay } from '../app/format';
import { useSession } from '../app/session';
import { ErrorState, errorsOf, FieldError } from '../common/states';
import { PAYMENT_METHODS, type PaymentMethod } from '../finance/filters';
import { useLabs } from '../labs/useLabs';
import { installmentSum, type InstallmentDraft } from './installments';
import { useCreateWorkOrder, type NewWorkOrder } from './useWorkOrders';

const idOf = (field: string) => `wo-${field.replace(/\./g, '-')}`;

export default function NewWorkOrderPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const labs = useLabs(true);
  const create = useCreateWorkOrder();
  // one key per intended work order: a retry of the same submission cannot open a second one
  const idempotencyKey = useRef(newIdempotencyKey());
  const [form, setForm] = useState({
    clinicId: session.clinicId ?? session.me.clinics[0]?.id ?? '',
    labId: '',
    description: '',
    documentedDate: isoDay(new Date()),
    totalAmount: '',
    paymentMethod: 'bank_transfer' as PaymentMethod,
    planKind: 'single' as 'single' | 'installments',
    dueDate: '',
  });
  const [installments, setInstallments] = useState<InstallmentDraft[]>([
    { dueDate: '', amount: '' },
    { dueDate: '', amount: '' },
  ]);
  const clinic = session.me.clinics.find((c) => c.id === form.clinicId);
  const money = (a: string) => formatMoney(a, clinic?.currency ?? session.currency, session.locale);
  const live = form.planKind === 'installments' ? installmentSum(form.totalAmount || '0', installments) : undefined;

  const { fields, message } = errorsOf(create.error);
  const mismatch =
    create.error instanceof ApiFailure && create.error.status === 422
      ? (create.error.body.details as { expected?: string; actual?: string; difference?: string } | undefined)
      : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: NewWorkOrder = {
      clinicId: form.clinicId,
      labId: form.labId,
      description: form.description,
      documentedDate: form.documentedDate,
      paymentPlan: {
        totalAmount: form.totalAmount,
        paymentMethod: form.paymentMethod,
        ...(form.planKind === 'single' ? { dueDate: form.dueDate } : { installments }),
      },
    };
    create.mutate(
      { body, idempotencyKey: idempotencyKey.current },
      { onSuccess: (created) => navigate(`/work-orders/${created.id}`) },
    );
  };
  const change = (patch: Partial<typeof form>) => {
    // another work order now: a new key (an unchanged retry keeps the old one)
    idempotencyKey.current = newIdempotencyKey();
    setForm({ ...form, ...patch });
  };
  const changeInstallment = (index: number, patch: Partial<InstallmentDraft>) => {
    idempotencyKey.current = newIdempotencyKey();
    setInstallments(installments.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  };

  const field = (
    name: string,
    label: string,
    control: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode,
  ) => {
    const id = idOf(name);
    const reasons = fields[name];
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {control({
          id,
          'aria-invalid': reasons ? true : undefined,
          'aria-describedby': reasons ? `${id}-error` : undefined,
        })}
        <FieldError id={`${id}-error`} reasons={reasons} />
      </div>
    );
  };

  return (
    <section aria-labelledby="new-wo-title">
      <div className="page-head">
        <h1 id="new-wo-title">{t('workOrders.new')}</h1>
      </div>
      {labs.isError && <ErrorState error={labs.error} onRetry={() => void labs.refetch()} />}
      <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="new-wo-title">
        {message && !mismatch && (
          <p className="notice notice-error" role="alert">
            {message}
          </p>
        )}
        {field('clinicId', t('workOrders.clinic'), (p) => (
          <select {...p} value={form.clinicId} onChange={(e) => change({ clinicId: e.target.value })}>
            <option value="">{t('workOrders.chooseClinic')}</option>
            {session.me.clinics.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        ))}
        {field('labId', t('workOrders.lab'), (p) => (
          <select {...p} value={form.labId} onChange={(e) => change({ labId: e.target.value })}>
            <option value="">{labs.isPending ? t('common.loading') : t('workOrders.chooseLab')}</option>
            {labs.data?.items.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        ))}
        {field('description', t('workOrders.description'), (p) => (
          <textarea
            {...p}
            rows={2}
            value={form.description}
            onChange={(e) => change({ description: e.target.value })}
          />
        ))}
        {field('documentedDate', t('workOrders.documentedDate'), (p) => (
          <input
            {...p}
            type="date"
            value={form.documentedDate}
            onChange={(e) => change({ documentedDate: e.target.value })}
          />
        ))}
        <fieldset className="plan">
          <legend>{t('workOrders.plan')}</legend>
          {field('paymentPlan.totalAmount', t('workOrders.totalAmount'), (p) => (
            <input
              {...p}
              inputMode="decimal"
              value={form.totalAmount}
              onChange={(e) => change({ totalAmount: e.target.value.trim() })}
            />
          ))}
          {field('paymentPlan.paymentMethod', t('workOrders.paymentMethod'), (p) => (
            <select
              {...p}
              value={form.paymentMethod}
              onChange={(e) => change({ paymentMethod: e.target.value as PaymentMethod })}
            >
              {PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`paymentMethod.${m}`)}
                </option>
              ))}
            </select>
          ))}
          <fieldset className="plan-kind">
            <legend>{t('workOrders.planKind')}</legend>
            <label className="check">
              <input
                type="radio"
                name="plan-kind"
                checked={form.planKind === 'single'}
                onChange={() => change({ planKind: 'single' })}
              />
              {t('workOrders.oneDueDate')}
            </label>
            <label className="check">
              <input
                type="radio"
                name="plan-kind"
                checked={form.planKind === 'installments'}
                onChange={() => change({ planKind: 'installments' })}
              />
              {t('workOrders.installments')}
            </label>
          </fieldset>
          {form.planKind === 'single' ? (
            field('paymentPlan.dueDate', t('workOrders.dueDate'), (p) => (
              <input {...p} type="date" value={form.dueDate} onChange={(e) => change({ dueDate: e.target.value })} />
            ))
          ) : (
            <fieldset
              className="installments"
              id={idOf('paymentPlan.installments')}
              aria-describedby="installments-sum installments-error"
              aria-invalid={mismatch || fields['paymentPlan.installments'] ? true : undefined}
            >
              <legend>{t('workOrders.installments')}</legend>
              {installments.map((row, i) => (
                <div className="installment-row" key={i}>
                  <span className="installment-label">{t('workOrders.installmentN', { number: i + 1 })}</span>
                  <label htmlFor={idOf(`paymentPlan.installments.${i}.dueDate`)} className="visually-hidden">
                    {`${t('workOrders.installmentN', { number: i + 1 })} ${t('workOrders.dueDate')}`}
                  </label>
                  <input
                    id={idOf(`paymentPlan.installments.${i}.dueDate`)}
                    type="date"
                    value={row.dueDate}
                    onChange={(e) => changeInstallment(i, { dueDate: e.target.value })}
                  />
                  <label htmlFor={idOf(`paymentPlan.installments.${i}.amount`)} className="visually-hidden">
                    {`${t('workOrders.installmentN', { number: i + 1 })} ${t('workOrders.amount')}`}
                  </label>
                  <input
                    id={idOf(`paymentPlan.installments.${i}.amount`)}
                    inputMode="decimal"
                    value={row.amount}
                    onChange={(e) => changeInstallment(i, { amount: e.target.value.trim() })}
                  />
                  <button
                    type="button"
                    disabled={installments.length <= 1}
                    onClick={() => setInstallments(installments.filter((_, j) => j !== i))}
                    aria-label={t('workOrders.removeInstallment', { number: i + 1 })}
                  >
                    ×
                  </button>
                  <FieldError
                    id={`${idOf(`paymentPlan.installments.${i}`)}-error`}
                    reasons={[
                      ...(fields[`paymentPlan.installments.${i}.dueDate`] ?? []),
                      ...(fields[`paymentPlan.installments.${i}.amount`] ?? []),
                    ]}
                  />
                </div>
              ))}
              <button type="button" onClick={() => setInstallments([...installments, { dueDate: '', amount: '' }])}>
                {t('workOrders.addInstallment')}
              </button>
              <p id="installments-sum" className={live?.matches ? 'sum sum-ok' : 'sum'} aria-live="polite">
                {/* the difference once, in the API's words when it refused the plan (below), else live here */}
                {live
                  ? [
                      t('workOrders.installmentSum', { sum: money(live.sum), total: money(form.totalAmount || '0') }),
                      ...(live.matches
                        ? [t('workOrders.installmentsMatch')]
                        : mismatch
                          ? []
                          : [t('workOrders.installmentDifference', { difference: money(live.difference) })]),
                    ].join(' · ')
                  : ''}
              </p>
              <FieldError
                id="installments-error"
                reasons={
                  mismatch
                    ? [
                        t('workOrders.mismatch', {
                          actual: money(mismatch.actual ?? '0'),
                          expected: money(mismatch.expected ?? '0'),
                          difference: money(mismatch.difference ?? '0'),
                        }),
                      ]
                    : fields['paymentPlan.installments']
                }
              />
            </fieldset>
          )}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? t('workOrders.creating') : t('workOrders.create')}
          </button>
          <button type="button" onClick={() => navigate(-1)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
