// A patient's Account page (seed: clinic-patient-account; DOMAIN.md B): the summary top left (Unpaid in red or
// Received more in green), Treatments (invoiced in red with the invoice number, copied from planning in blue),
// Received moneys with New, edit, delete, receipts and the printed list, Balance Distribution, and Close account with
// its undo. Show paid account brings back what a closure hid; closed records offer no edit or delete. Every correction
// (edit, delete, cancel an invoice, close, undo) asks for its reason, and each treatment, received money, invoice and
// closure shows its History (DOMAIN.md E).
import { memo, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../app/api';
import { formatDate, formatMoney, formatPercent, isoDay, toMinor } from '../app/format';
import { useSession } from '../app/session';
import type { Correction } from '../common/corrections';
import { HistoryButton } from '../common/History';
import { Day, Money } from '../common/Money';
import { CorrectionButton, ReasonDialog, ReasonFields, useReasonDraft } from '../common/ReasonDialog';
import { ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import { Contracts, DeletedReceivedMoney, FamilyAccount, PatientAlerts, TreatmentPlans } from './AccountSections';
import { bankCostMode, previewBankCost } from './bank-cost';
import { FamilyMembership } from './FamilyMembership';
import { PatientDetails } from './PatientDetails';
import {
  PATIENT_PAYMENT_TYPES,
  useAddTreatment,
  useCancelInvoice,
  useCloseAccount,
  useIssueInvoice,
  useDeletePatientPayment,
  useDeleteTreatment,
  usePatientAccount,
  usePhysicians,
  useRecordPatientPayment,
  useUndoClosure,
  useUpdatePatientPayment,
  useUpdateTreatment,
  type NewPatientPayment,
  type PatientAccount,
  type PatientPayment,
  type PatientPaymentChange,
  type PatientPaymentType,
  type TreatmentChange,
} from './usePatients';

export default function PatientAccountPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // the box follows its own state, written to the URL (the router applies URL changes in a transition, which would
  // hold the box back); a URL changed from outside (back, a link) is read back in
  const showPaidInUrl = params.get('showPaid') === '1';
  const [showPaid, setShowPaid] = useState(showPaidInUrl);
  useEffect(() => setShowPaid(showPaidInUrl), [showPaidInUrl]);
  // a card payment with a bank cost: its Bank Cost treatment follows from the payment's event; the page asks again
  // until it is there (at most 15 s), so the user sees the treatment the payment made
  const [awaiting, setAwaiting] = useState<{ paymentId: string; until: number }>();
  const query = usePatientAccount(id, showPaid, awaiting !== undefined);
  const arrived =
    awaiting &&
    (Date.now() > awaiting.until || query.data?.treatments.some((tr) => tr.sourcePaymentId === awaiting.paymentId));
  useEffect(() => {
    if (arrived) setAwaiting(undefined);
  }, [arrived]);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const account = query.data;
  const name = `${account.patient.firstName} ${account.patient.lastName}`;
  return (
    <article aria-labelledby="account-title" className="details account">
      <p>
        <Link to="/patients">← {t('account.backToPatients')}</Link>
      </p>
      <div className="page-head">
        <h1 id="account-title">{t('account.title', { name })}</h1>
        <label className="toggle">
          <input
            type="checkbox"
            checked={showPaid}
            onChange={(e) => {
              setShowPaid(e.target.checked);
              setParams(e.target.checked ? { showPaid: '1' } : {});
            }}
          />{' '}
          {t('account.showPaid')}
        </label>
      </div>
      <Summary account={account} />
      <PatientDetails patient={account.patient} />
      <TreatmentsOfAccount account={account} />
      <TreatmentPlans account={account} />
      <ReceivedMoneys
        account={account}
        onRecorded={(payment) => payment.bankCost && setAwaiting({ paymentId: payment.id, until: Date.now() + 15_000 })}
      />
      <BalanceDistribution account={account} />
      <Contracts account={account} />
      <FamilyMembership account={account} />
      <FamilyAccount account={account} />
      <PatientAlerts account={account} />
      <CloseAccount account={account} />
    </article>
  );
}

const positive = (amount: string) => toMinor(amount) > 0n;

function Summary({ account }: { account: PatientAccount }) {
  const { t } = useTranslation();
  const { locale } = useSession();
  const { summary } = account;
  return (
    <section aria-label={t('account.summary')} className="card summary">
      <dl className="figures">
        <div>
          <dt>{t('account.total')}</dt>
          <dd data-testid="treatment-total">
            <Money amount={summary.treatmentTotal} currency={summary.currency} />
          </dd>
        </div>
        <div>
          <dt>{t('account.received')}</dt>
          <dd data-testid="received-total">
            <Money amount={summary.receivedTotal} currency={summary.currency} />
          </dd>
        </div>
        {positive(summary.unpaid) ? (
          <div className="figure-unpaid">
            <dt>{t('account.unpaid')}</dt>
            <dd data-testid="unpaid">
              <Money amount={summary.unpaid} currency={summary.currency} />
            </dd>
          </div>
        ) : positive(summary.receivedMore) ? (
          <div className="figure-received-more">
            <dt>{t('account.receivedMore')}</dt>
            <dd data-testid="received-more">
              <Money amount={summary.receivedMore} currency={summary.currency} />
            </dd>
          </div>
        ) : (
          <div>
            <dt>{t('account.settled')}</dt>
            <dd data-testid="unpaid">
              <Money amount="0.00" currency={summary.currency} />
            </dd>
          </div>
        )}
      </dl>
      {account.closedThrough && (
        <p className="muted">{t('account.closedThrough', { date: formatDate(account.closedThrough, locale) })}</p>
      )}
    </section>
  );
}

/** A row's Delete: the dialog asks "Delete this for good?" and why (DOMAIN.md E). */
function DeleteButton(props: {
  label: string;
  idPrefix: string;
  pending: boolean;
  error: unknown;
  reset: () => void;
  onConfirm: (correction: Correction, done: () => void) => void;
}) {
  const { t } = useTranslation();
  return (
    <CorrectionButton
      text={t('common.delete')}
      ariaLabel={props.label}
      reset={props.reset}
      idPrefix={props.idPrefix}
      title={props.label}
      question={t('corrections.deleteQuestion')}
      confirmLabel={t('common.delete')}
      danger
      pending={props.pending}
      error={props.error}
      onConfirm={props.onConfirm}
    />
  );
}

function Field(props: { id: string; label: string; reasons?: string[]; children: (a11y: object) => ReactNode }) {
  const a11y = {
    id: props.id,
    'aria-invalid': props.reasons ? true : undefined,
    'aria-describedby': props.reasons ? `${props.id}-error` : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children(a11y)}
      <FieldError id={`${props.id}-error`} reasons={props.reasons} />
    </div>
  );
}

function Treatments({ account }: { account: PatientAccount }) {
  const { t } = useTranslation();
  const session = useSession();
  const patientId = account.patient.id;
  const manage = session.can('manageTreatments');
  const physicians = usePhysicians(account.patient.clinicId);
  const add = useAddTreatment(patientId);
  const remove = useDeleteTreatment(patientId);
  const key = useRef(newIdempotencyKey());
  const [form, setForm] = useState({ date: isoDay(new Date()), physicianId: '', procedure: '', tooth: '', amount: '' });
  const { fields, message } = errorsOf(add.error);
  const change = (patch: Partial<typeof form>) => {
    key.current = newIdempotencyKey();
    setForm({ ...form, ...patch });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      {
        idempotencyKey: key.current,
        body: {
          date: form.date,
          procedure: form.procedure.trim(),
          amount: form.amount.trim(),
          ...(form.physicianId ? { physicianId: form.physicianId } : {}),
          ...(form.tooth.trim() ? { tooth: form.tooth.trim() } : {}),
        },
      },
      {
        onSuccess: () => {
          key.current = newIdempotencyKey();
          setForm({ ...form, procedure: '', tooth: '', amount: '' });
        },
      },
    );
  };
  const rows = account.treatments.filter((tr) => !tr.deleted);
  const physicianNames = new Map((physicians.data?.items ?? []).map((p) => [p.id, p.name]));
  const invoicing = session.can('issueInvoices');
  const issue = useIssueInvoice(patientId);
  const cancel = useCancelInvoice(patientId);
  const [chosen, setChosen] = useState<string[]>([]);
  const invoiceable = (tr: (typeof rows)[number]) => !tr.invoiced && !tr.closed;
  // an invoice's Cancel is offered once, on its first row
  const firstRowOf = new Map<string, string>();
  for (const tr of rows) if (tr.invoiceId && !firstRowOf.has(tr.invoiceId)) firstRowOf.set(tr.invoiceId, tr.id);
  return (
    <section aria-labelledby="treatments-title" className="card">
      <div className="section-head">
        <h2 id="treatments-title">{t('account.treatments')}</h2>
        {invoicing && (
          <button
            type="button"
            disabled={chosen.length === 0 || issue.isPending}
            onClick={() => issue.mutate(chosen, { onSuccess: () => setChosen([]) })}
          >
            {t('account.issueInvoice')}
          </button>
        )}
      </div>
      {issue.error ? <ErrorState error={issue.error} /> : null}
      {rows.length === 0 ? (
        <p className="state state-empty">{t('account.noTreatments')}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('account.treatments')}</caption>
          <thead>
            <tr>
              {invoicing && (
                <th scope="col">
                  <span className="visually-hidden">{t('account.invoice')}</span>
                </th>
              )}
              <th scope="col">{t('account.date')}</th>
              <th scope="col">{t('account.procedure')}</th>
              <th scope="col">{t('account.tooth')}</th>
              <th scope="col">{t('account.physician')}</th>
              <th scope="col" className="numeric">
                {t('account.amount')}
              </th>
              <th scope="col">{t('account.invoice')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((tr) => (
              <tr
                key={tr.id}
                className={tr.invoiced ? 'treatment-invoiced' : tr.copiedFromPlanning ? 'treatment-copied' : undefined}
              >
                {invoicing && (
                  <td>
                    {invoiceable(tr) && (
                      <input
                        type="checkbox"
                        aria-label={t('account.selectForInvoice', { procedure: tr.procedure })}
                        checked={chosen.includes(tr.id)}
                        onChange={(e) =>
                          setChosen(e.target.checked ? [...chosen, tr.id] : chosen.filter((c) => c !== tr.id))
                        }
                      />
                    )}
                  </td>
                )}
                <td>
                  <Day date={tr.date} />
                </td>
                <td>
                  {tr.procedure}
                  {tr.copiedFromPlanning && <span className="visually-hidden"> ({t('account.copied')})</span>}
                  {tr.closed && <span className="badge">{t('account.closed')}</span>}
                </td>
                <td>{tr.tooth ?? ''}</td>
                <td>{tr.physicianName ?? t('account.noPhysician')}</td>
                <td className="numeric">
                  <Money amount={tr.amount} currency={tr.currency} />
                </td>
                <td>
                  {tr.invoiced && t('account.invoiced', { number: tr.invoiceNumber ?? '' })}
                  {tr.invoiced && tr.invoiceId && firstRowOf.get(tr.invoiceId) === tr.id && (
                    <span className="row-actions">
                      <HistoryButton
                        subject="invoice"
                        id={tr.invoiceId}
                        what={t('corrections.subjects.invoice', { name: tr.invoiceNumber ?? '' })}
                        currency={tr.currency}
                      />
                      {invoicing && !tr.closed && (
                        <CancelInvoiceButton
                          number={tr.invoiceNumber ?? ''}
                          pending={cancel.isPending}
                          error={cancel.error}
                          reset={cancel.reset}
                          onConfirm={(correction, done) =>
                            cancel.mutate({ invoiceId: tr.invoiceId!, correction }, { onSuccess: done })
                          }
                        />
                      )}
                    </span>
                  )}
                </td>
                <td>
                  <span className="row-actions">
                    <HistoryButton
                      subject="treatment"
                      id={tr.id}
                      what={tr.procedure}
                      currency={tr.currency}
                      names={physicianNames}
                    />
                    {manage && !tr.invoiced && !tr.closed && !tr.sourcePaymentId && (
                      <>
                        <EditTreatmentButton treatment={tr} physicians={physicians.data?.items ?? []} />
                        <DeleteButton
                          label={`${t('common.delete')} ${tr.procedure}`}
                          idPrefix={`treatment-delete-${tr.id}`}
                          pending={remove.isPending}
                          error={remove.error}
                          reset={remove.reset}
                          onConfirm={(correction, done) =>
                            remove.mutate({ treatmentId: tr.id, correction }, { onSuccess: done })
                          }
                        />
                      </>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage && (
        <form className="form-inline" aria-label={t('account.addTreatment')} noValidate onSubmit={submit}>
          {message && (
            <p className="notice notice-error" role="alert">
              {message}
            </p>
          )}
          <Field id="treatment-date" label={t('account.date')} reasons={fields.date}>
            {(a) => <input {...a} type="date" value={form.date} onChange={(e) => change({ date: e.target.value })} />}
          </Field>
          <Field id="treatment-physician" label={t('account.physician')} reasons={fields.physicianId}>
            {(a) => (
              <select {...a} value={form.physicianId} onChange={(e) => change({ physicianId: e.target.value })}>
                <option value="">{t('account.choosePhysician')}</option>
                {physicians.data?.items.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="treatment-procedure" label={t('account.procedure')} reasons={fields.procedure}>
            {(a) => <input {...a} value={form.procedure} onChange={(e) => change({ procedure: e.target.value })} />}
          </Field>
          <Field id="treatment-tooth" label={t('account.tooth')} reasons={fields.tooth}>
            {(a) => <input {...a} value={form.tooth} onChange={(e) => change({ tooth: e.target.value })} />}
          </Field>
          <Field id="treatment-amount" label={t('account.amount')} reasons={fields.amount}>
            {(a) => (
              <input
                {...a}
                inputMode="decimal"
                value={form.amount}
                onChange={(e) => change({ amount: e.target.value })}
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={add.isPending}>
              {t('account.addTreatment')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/**
 * The Treatments section renders again only when its treatments (or the patient) change: the account query keeps the
 * objects the API answered the same (TanStack Query's structural sharing), so a received money recorded or deleted
 * leaves the 300-row table as it is instead of rendering every row and its buttons again (issue 13, bench/account-web).
 */
const TreatmentsOfAccount = memo(
  Treatments,
  (a, b) =>
    a.account.treatments === b.account.treatments &&
    a.account.patient.id === b.account.patient.id &&
    a.account.patient.clinicId === b.account.patient.clinicId,
);

type TreatmentRow = PatientAccount['treatments'][number];

/** An invoice's Cancel: asks why, then its treatments are editable again. */
function CancelInvoiceButton(props: {
  number: string;
  pending: boolean;
  error: unknown;
  reset: () => void;
  onConfirm: (correction: Correction, done: () => void) => void;
}) {
  const { t } = useTranslation();
  const label = t('account.cancelInvoice', { number: props.number });
  return (
    <CorrectionButton
      text={label}
      className="link-button"
      reset={props.reset}
      idPrefix="invoice-cancel"
      title={label}
      question={t('corrections.cancelInvoiceQuestion')}
      confirmLabel={t('corrections.cancelInvoiceConfirm')}
      danger
      pending={props.pending}
      error={props.error}
      onConfirm={props.onConfirm}
    />
  );
}

/** Only what was changed is sent (with the reason); a cleared tooth or physician is null. */
function treatmentChanges(
  tr: TreatmentRow,
  form: { date: string; physicianId: string; procedure: string; tooth: string; amount: string },
): TreatmentChange {
  const out: TreatmentChange = {};
  if (form.date !== tr.date) out.date = form.date;
  if ((form.physicianId || null) !== tr.physicianId) out.physicianId = form.physicianId || null;
  if (form.procedure.trim() !== tr.procedure) out.procedure = form.procedure.trim();
  if ((form.tooth.trim() || null) !== tr.tooth) out.tooth = form.tooth.trim() || null;
  if (form.amount.trim() !== tr.amount) out.amount = form.amount.trim();
  return out;
}

/** A treatment's Edit: procedure, tooth, physician, date and amount, and why; the API's refusal is said in the dialog. */
function EditTreatmentButton({
  treatment: tr,
  physicians,
}: {
  treatment: TreatmentRow;
  physicians: { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const update = useUpdateTreatment(tr.patientId);
  const initial = {
    date: tr.date,
    physicianId: tr.physicianId ?? '',
    procedure: tr.procedure,
    tooth: tr.tooth ?? '',
    amount: tr.amount,
  };
  const [form, setForm] = useState(initial);
  const { fields } = errorsOf(update.error);
  const id = (name: string) => `edit-treatment-${tr.id}-${name}`;
  const change = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  return (
    <CorrectionButton
      text={t('common.edit')}
      ariaLabel={t('corrections.editTreatmentOf', { procedure: tr.procedure })}
      reset={update.reset}
      onOpen={() => setForm(initial)}
      idPrefix={id('correction')}
      title={t('corrections.editTreatment', { procedure: tr.procedure })}
      confirmLabel={t('common.save')}
      pending={update.isPending}
      error={update.error}
      onConfirm={(correction, done) =>
        update.mutate({ treatmentId: tr.id, body: treatmentChanges(tr, form), correction }, { onSuccess: done })
      }
    >
      <Field id={id('date')} label={t('account.date')} reasons={fields.date}>
        {(a) => <input {...a} type="date" value={form.date} onChange={(e) => change({ date: e.target.value })} />}
      </Field>
      <Field id={id('physician')} label={t('account.physician')} reasons={fields.physicianId}>
        {(a) => (
          <select {...a} value={form.physicianId} onChange={(e) => change({ physicianId: e.target.value })}>
            <option value="">{t('account.choosePhysician')}</option>
            {physicians.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={id('procedure')} label={t('account.procedure')} reasons={fields.procedure}>
        {(a) => <input {...a} value={form.procedure} onChange={(e) => change({ procedure: e.target.value })} />}
      </Field>
      <Field id={id('tooth')} label={t('account.tooth')} reasons={fields.tooth}>
        {(a) => <input {...a} value={form.tooth} onChange={(e) => change({ tooth: e.target.value })} />}
      </Field>
      <Field id={id('amount')} label={t('account.amount')} reasons={fields.amount}>
        {(a) => (
          <input {...a} inputMode="decimal" value={form.amount} onChange={(e) => change({ amount: e.target.value })} />
        )}
      </Field>
    </CorrectionButton>
  );
}

/**
 * A received money's Edit: date, amount (as it was typed: a refund positive, a card without its computed Bank Cost),
 * payment type and note, and why. Only what was changed is sent.
 */
function EditPaymentButton({ payment: p }: { payment: PatientPayment }) {
  const { t } = useTranslation();
  const update = useUpdatePatientPayment(p.patientId);
  const initial = { date: p.date, amount: p.enteredAmount, paymentType: p.paymentType, note: p.note ?? '' };
  const [form, setForm] = useState(initial);
  const { fields } = errorsOf(update.error);
  const id = (name: string) => `edit-payment-${p.id}-${name}`;
  const change = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const changes = (): PatientPaymentChange => {
    const out: PatientPaymentChange = {};
    if (form.date !== initial.date) out.date = form.date;
    if (form.amount.trim() !== initial.amount) out.amount = form.amount.trim();
    if (form.paymentType !== initial.paymentType) out.paymentType = form.paymentType;
    if (form.note.trim() !== initial.note) out.note = form.note.trim() || null;
    return out;
  };
  return (
    <CorrectionButton
      text={t('common.edit')}
      ariaLabel={t('corrections.editPaymentOf', { number: p.receiptNumber })}
      reset={update.reset}
      onOpen={() => setForm(initial)}
      idPrefix={id('correction')}
      title={t('corrections.editPayment', { number: p.receiptNumber })}
      confirmLabel={t('common.save')}
      pending={update.isPending}
      error={update.error}
      onConfirm={(correction, done) =>
        update.mutate({ paymentId: p.id, body: changes(), correction }, { onSuccess: done })
      }
    >
      <Field id={id('date')} label={t('account.date')} reasons={fields.date}>
        {(a) => <input {...a} type="date" value={form.date} onChange={(e) => change({ date: e.target.value })} />}
      </Field>
      <Field id={id('type')} label={t('account.paymentType')} reasons={fields.paymentType}>
        {(a) => (
          <select
            {...a}
            value={form.paymentType}
            onChange={(e) => change({ paymentType: e.target.value as PatientPaymentType })}
          >
            {PATIENT_PAYMENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`paymentType.${type}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={id('amount')} label={t('account.amount')} reasons={fields.amount}>
        {(a) => (
          <input {...a} inputMode="decimal" value={form.amount} onChange={(e) => change({ amount: e.target.value })} />
        )}
      </Field>
      <Field id={id('note')} label={t('account.note')} reasons={fields.note}>
        {(a) => <input {...a} value={form.note} onChange={(e) => change({ note: e.target.value })} />}
      </Field>
    </CorrectionButton>
  );
}

function ReceivedMoneys({
  account,
  onRecorded,
}: {
  account: PatientAccount;
  onRecorded: (payment: PatientPayment) => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const patientId = account.patient.id;
  const manage = session.can('recordPatientMoney');
  const remove = useDeletePatientPayment(patientId);
  const [adding, setAdding] = useState(false);
  const rows = account.receivedMoney.filter((p) => !p.deleted);
  return (
    <section aria-labelledby="received-title" className="card">
      <div className="section-head">
        <h2 id="received-title">{t('account.receivedMoneys')}</h2>
        <span className="row-actions">
          <a href={`/api/v1/patients/${patientId}/payments.pdf`} download>
            {t('account.printList')}
          </a>
          {manage && !adding && (
            <button type="button" className="primary" onClick={() => setAdding(true)}>
              {t('account.newPayment')}
            </button>
          )}
        </span>
      </div>
      {adding && (
        <PaymentForm
          account={account}
          onCancel={() => setAdding(false)}
          onRecorded={(payment) => {
            setAdding(false);
            onRecorded(payment);
          }}
        />
      )}
      {rows.length === 0 ? (
        <p className="state state-empty">{t('account.noPayments')}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('account.receivedMoneys')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('account.receipt')}</th>
              <th scope="col">{t('account.date')}</th>
              <th scope="col">{t('account.paymentType')}</th>
              <th scope="col" className="numeric">
                {t('account.amount')}
              </th>
              <th scope="col" className="numeric">
                {t('account.bankCost')}
              </th>
              <th scope="col">{t('account.note')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <ReceivedMoneyRow
                key={p.id}
                payment={p}
                manage={manage}
                pending={remove.isPending}
                error={remove.error}
                reset={remove.reset}
                mutate={remove.mutate}
              />
            ))}
          </tbody>
          <tfoot>
            <tr className="totals-row">
              <th scope="row" colSpan={3}>
                {t('account.receivedTotal')}
              </th>
              <td className="numeric">
                <Money amount={account.summary.receivedTotal} currency={account.summary.currency} />
              </td>
              <td colSpan={3} />
            </tr>
          </tfoot>
        </table>
      )}
      <DeletedReceivedMoney patientId={patientId} />
    </section>
  );
}

/**
 * One received money's row: rendered again only when its record (kept the same object by the query's structural
 * sharing) or the delete's state changes, so recording a payment renders the new row, not all 200 (issue 13).
 */
const ReceivedMoneyRow = memo(function ReceivedMoneyRow({
  payment: p,
  manage,
  pending,
  error,
  reset,
  mutate,
}: {
  payment: PatientPayment;
  manage: boolean;
  pending: boolean;
  error: unknown;
  reset: () => void;
  mutate: ReturnType<typeof useDeletePatientPayment>['mutate'];
}) {
  const { t } = useTranslation();
  const patientId = p.patientId;
  return (
    <tr>
      <td>{p.receiptNumber}</td>
      <td>
        <Day date={p.date} />
      </td>
      <td>{t(`paymentType.${p.paymentType}`)}</td>
      <td className="numeric">
        <Money amount={p.amount} currency={p.currency} />
      </td>
      <td className="numeric">{p.bankCost ? <Money amount={p.bankCost} currency={p.currency} /> : ''}</td>
      <td className="wrap">{p.note ?? ''}</td>
      <td>
        <span className="row-actions">
          <a
            href={`/api/v1/patients/${patientId}/payments/${p.id}/receipt.pdf`}
            download
            aria-label={t('account.printReceipt', { number: p.receiptNumber })}
          >
            {t('account.receipt')}
          </a>
          <HistoryButton
            subject="patient-payment"
            id={p.id}
            what={t('corrections.subjects.payment', { name: p.receiptNumber })}
            currency={p.currency}
          />
          {manage && !p.closed && (
            <>
              <EditPaymentButton payment={p} />
              <DeleteButton
                label={`${t('common.delete')} ${p.receiptNumber}`}
                idPrefix={`payment-delete-${p.id}`}
                pending={pending}
                error={error}
                reset={reset}
                onConfirm={(correction, done) => mutate({ paymentId: p.id, correction }, { onSuccess: done })}
              />
            </>
          )}
        </span>
      </td>
    </tr>
  );
});

function PaymentForm(props: {
  account: PatientAccount;
  onCancel: () => void;
  onRecorded: (payment: PatientPayment) => void;
}) {
  const { account } = props;
  const { t } = useTranslation();
  const session = useSession();
  const record = useRecordPatientPayment(account.patient.id);
  const key = useRef(newIdempotencyKey());
  const clinic = session.me.clinics.find((c) => c.id === account.patient.clinicId);
  const mode = bankCostMode(clinic?.bankChargePercent);
  const [form, setForm] = useState({
    date: isoDay(new Date()),
    paymentType: 'cash' as PatientPaymentType,
    amount: '',
    bankCost: '',
    note: '',
  });
  const { fields, message } = errorsOf(record.error);
  const change = (patch: Partial<typeof form>) => {
    key.current = newIdempotencyKey();
    setForm({ ...form, ...patch });
  };
  const card = form.paymentType === 'card';
  const preview = card && mode.kind === 'computed' ? previewBankCost(form.amount.trim(), mode.percent) : undefined;
  const money = (a: string) => formatMoney(a, account.summary.currency, session.locale);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: NewPatientPayment = {
      date: form.date,
      paymentType: form.paymentType,
      amount: form.amount.trim(),
      ...(card && mode.kind === 'typed' && form.bankCost.trim() ? { bankCost: form.bankCost.trim() } : {}),
      ...(form.note.trim() ? { note: form.note.trim() } : {}),
    };
    record.mutate({ idempotencyKey: key.current, body }, { onSuccess: props.onRecorded });
  };
  return (
    <form className="form-inline payment-form" aria-label={t('account.newPaymentForm')} noValidate onSubmit={submit}>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      <Field id="payment-date" label={t('account.date')} reasons={fields.date}>
        {(a) => <input {...a} type="date" value={form.date} onChange={(e) => change({ date: e.target.value })} />}
      </Field>
      <Field id="payment-type" label={t('account.paymentType')} reasons={fields.paymentType}>
        {(a) => (
          <select
            {...a}
            value={form.paymentType}
            onChange={(e) => change({ paymentType: e.target.value as PatientPaymentType })}
          >
            {PATIENT_PAYMENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`paymentType.${type}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="payment-amount" label={t('account.amount')} reasons={fields.amount}>
        {(a) => (
          <input {...a} inputMode="decimal" value={form.amount} onChange={(e) => change({ amount: e.target.value })} />
        )}
      </Field>
      {card && mode.kind === 'typed' && (
        <Field id="payment-bankCost" label={t('account.bankCost')} reasons={fields.bankCost}>
          {(a) => (
            <input
              {...a}
              inputMode="decimal"
              value={form.bankCost}
              onChange={(e) => change({ bankCost: e.target.value })}
            />
          )}
        </Field>
      )}
      <Field id="payment-note" label={t('account.note')} reasons={fields.note}>
        {(a) => <input {...a} value={form.note} onChange={(e) => change({ note: e.target.value })} />}
      </Field>
      {card && mode.kind === 'computed' && (
        <p className="sum" aria-live="polite" data-testid="bank-cost-preview">
          {preview
            ? t('account.bankCostAt', {
                percent: formatPercent(mode.percent, session.locale),
                cost: money(preview.cost),
                amount: money(preview.total),
              })
            : ''}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={record.isPending}>
          {t('account.save')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function BalanceDistribution({ account }: { account: PatientAccount }) {
  const { t } = useTranslation();
  const { locale } = useSession();
  if (account.balanceDistribution.length === 0) return null;
  const currency = account.summary.currency;
  return (
    <section aria-labelledby="distribution-title" className="card">
      <h2 id="distribution-title">{t('account.balanceDistribution')}</h2>
      <table className="data-table">
        <caption className="visually-hidden">{t('account.balanceDistribution')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('account.physician')}</th>
            <th scope="col" className="numeric">
              {t('account.treatments')}
            </th>
            <th scope="col" className="numeric">
              {t('account.share')}
            </th>
            <th scope="col" className="numeric">
              {t('account.allocated')}
            </th>
            <th scope="col" className="numeric">
              {t('account.remaining')}
            </th>
          </tr>
        </thead>
        <tbody>
          {account.balanceDistribution.map((row) => (
            <tr key={row.physicianId ?? 'clinic'}>
              <td>{row.physicianId ? row.name : t('account.noPhysician')}</td>
              <td className="numeric">
                <Money amount={row.treatmentAmount} currency={currency} />
              </td>
              <td className="numeric">{formatPercent(row.sharePercent, locale)}</td>
              <td className="numeric">
                <Money amount={row.allocatedAmount} currency={currency} />
              </td>
              <td className="numeric">
                <Money amount={row.remainingAmount} currency={currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Close account (Now or Past Date) with its reason; the latest closure's Undo asks why too. Every closure is listed
 * with its History.
 */
function CloseAccount({ account }: { account: PatientAccount }) {
  const { t } = useTranslation();
  const session = useSession();
  const close = useCloseAccount(account.patient.id);
  const undo = useUndoClosure(account.patient.id);
  const [mode, setMode] = useState<'now' | 'past'>('now');
  const [date, setDate] = useState('');
  const reason = useReasonDraft();
  const [undoing, setUndoing] = useState(false);
  const closing = session.can('closeAccounts');
  if (!closing && account.closures.length === 0) return null;
  const { fields, message } = errorsOf(close.error);
  const closures = [...account.closures].sort((a, b) => b.date.localeCompare(a.date));
  const latest = closures[0];
  const latestDate = latest ? formatDate(latest.date, session.locale) : '';
  return (
    <section aria-labelledby="close-title" className="card">
      <h2 id="close-title">{t('account.closeAccount')}</h2>
      {closures.length > 0 && (
        <ul className="closure-list" aria-label={t('corrections.closures')}>
          {closures.map((c) => (
            <li key={c.id}>
              {t('corrections.closureOf', { date: formatDate(c.date, session.locale) })} · {t('corrections.writtenOff')}{' '}
              <Money amount={c.writtenOffAmount} currency={c.currency} />{' '}
              <HistoryButton
                subject="closure"
                id={c.id}
                what={t('corrections.subjects.closure', { name: formatDate(c.date, session.locale) })}
                currency={c.currency}
              />
            </li>
          ))}
        </ul>
      )}
      {closing && (
        <form
          className="form-inline"
          aria-label={t('account.closeAccount')}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const correction = reason.take();
            if (!correction) return;
            close.mutate(
              { closure: mode === 'now' ? { mode } : { mode, date }, correction },
              { onSuccess: () => reason.reset() },
            );
          }}
        >
          {message && (
            <p className="notice notice-error" role="alert">
              {message}
            </p>
          )}
          <fieldset className="filter-group">
            <legend className="visually-hidden">{t('account.closeAccount')}</legend>
            <label>
              <input type="radio" name="close-mode" checked={mode === 'now'} onChange={() => setMode('now')} />{' '}
              {t('account.closeNow')}
            </label>
            <label>
              <input type="radio" name="close-mode" checked={mode === 'past'} onChange={() => setMode('past')} />{' '}
              {t('account.closePast')}
            </label>
          </fieldset>
          {mode === 'past' && (
            <Field id="close-date" label={t('account.closeDate')} reasons={fields.date}>
              {(a) => <input {...a} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
            </Field>
          )}
          <ReasonFields
            idPrefix="close"
            value={reason.draft}
            onChange={reason.setDraft}
            showProblems={reason.tried}
            apiFields={fields}
          />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={close.isPending}>
              {t('account.close')}
            </button>
            {latest && (
              <button
                type="button"
                onClick={() => {
                  undo.reset();
                  setUndoing(true);
                }}
              >
                {t('account.undoClose', { date: latestDate })}
              </button>
            )}
          </div>
        </form>
      )}
      {undoing && latest && (
        <ReasonDialog
          idPrefix="undo-closure"
          title={t('corrections.undoTitle', { date: latestDate })}
          question={t('corrections.undoQuestion')}
          confirmLabel={t('corrections.undoConfirm')}
          pending={undo.isPending}
          error={undo.error}
          onClose={() => setUndoing(false)}
          onConfirm={(correction) => undo.mutate(correction, { onSuccess: () => setUndoing(false) })}
        />
      )}
    </section>
  );
}
