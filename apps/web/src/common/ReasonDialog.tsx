// Corrections carry a reason (DOMAIN.md E): the Reason select (the six reasons in the user's language) and the Memo,
// required with Other, as fields of any form (Close account) or as a dialog of their own around a correction
// (delete, cancel an invoice, undo a closure, an edit with its own fields as children).
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  correctionOf,
  CORRECTION_REASONS,
  EMPTY_REASON,
  MEMO_MAX,
  reasonProblems,
  type Correction,
  type CorrectionReason,
  type ReasonDraft,
} from './corrections';
import { Dialog } from './Dialog';
import { errorsOf, FieldError } from './states';

/**
 * The two fields. `showProblems`: after a submission was tried, what is missing is said beside the field (the API's
 * own words for `reason` / `memo` come in `apiFields`).
 */
export function ReasonFields(props: {
  idPrefix: string;
  value: ReasonDraft;
  onChange: (value: ReasonDraft) => void;
  showProblems: boolean;
  apiFields?: Record<string, string[]>;
}) {
  const { t } = useTranslation();
  const { idPrefix, value } = props;
  const problems = props.showProblems ? reasonProblems(value) : {};
  const reasonErrors = problems.reason ? [t(`corrections.problems.${problems.reason}`)] : props.apiFields?.reason;
  const memoErrors = problems.memo ? [t(`corrections.problems.${problems.memo}`)] : props.apiFields?.memo;
  const reasonId = `${idPrefix}-reason`;
  const memoId = `${idPrefix}-memo`;
  return (
    <>
      <div className="field">
        <label htmlFor={reasonId}>{t('corrections.reason')}</label>
        <select
          id={reasonId}
          value={value.reason}
          required
          aria-invalid={reasonErrors ? true : undefined}
          aria-describedby={reasonErrors ? `${reasonId}-error` : undefined}
          onChange={(e) => props.onChange({ ...value, reason: e.target.value as CorrectionReason | '' })}
        >
          <option value="">{t('corrections.chooseReason')}</option>
          {CORRECTION_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`corrections.reasons.${r}`)}
            </option>
          ))}
        </select>
        <FieldError id={`${reasonId}-error`} reasons={reasonErrors} />
      </div>
      <div className="field field-memo">
        <label htmlFor={memoId}>{t('corrections.memo')}</label>
        <input
          id={memoId}
          value={value.memo}
          maxLength={MEMO_MAX}
          required={value.reason === 'other'}
          aria-invalid={memoErrors ? true : undefined}
          aria-describedby={memoErrors ? `${memoId}-error` : `${memoId}-hint`}
          onChange={(e) => props.onChange({ ...value, memo: e.target.value })}
        />
        {memoErrors ? (
          <FieldError id={`${memoId}-error`} reasons={memoErrors} />
        ) : (
          <p className="muted hint" id={`${memoId}-hint`}>
            {t('corrections.memoHint')}
          </p>
        )}
      </div>
    </>
  );
}

/** The reason form's state: the draft, whether a submission was tried, and the correction once it is valid. */
export function useReasonDraft() {
  const [draft, setDraft] = useState<ReasonDraft>(EMPTY_REASON);
  const [tried, setTried] = useState(false);
  return {
    draft,
    setDraft,
    tried,
    /** The correction to send, or undefined (and the problems shown) when the draft is not complete. */
    take(): Correction | undefined {
      setTried(true);
      const problems = reasonProblems(draft);
      return problems.reason || problems.memo ? undefined : correctionOf(draft);
    },
    reset() {
      setDraft(EMPTY_REASON);
      setTried(false);
    },
  };
}

/**
 * A correction asked for in a dialog: its title, an optional question, the caller's own fields (children), Reason and
 * Memo, and the confirm button. `onConfirm` receives the correction once the reason is complete; the API's refusal
 * (`error`) is said in the dialog, its field errors beside Reason and Memo (the caller shows its own fields' errors).
 */
interface ReasonDialogProps {
  idPrefix: string;
  title: string;
  question?: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: (correction: Correction) => void;
  onClose: () => void;
  children?: ReactNode;
}

export function ReasonDialog(props: ReasonDialogProps) {
  const { t } = useTranslation();
  const reason = useReasonDraft();
  const { fields, message } = errorsOf(props.error);
  // a 400 about the caller's own fields has no message of its own: said beside those fields by the caller
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const correction = reason.take();
    if (correction) props.onConfirm(correction);
  };
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form className="dialog-form" noValidate onSubmit={submit} aria-label={props.title}>
        {props.question && <p>{props.question}</p>}
        {message && (
          <p className="notice notice-error" role="alert">
            {message}
          </p>
        )}
        {props.children && <div className="form-inline">{props.children}</div>}
        <div className="form-inline">
          <ReasonFields
            idPrefix={props.idPrefix}
            value={reason.draft}
            onChange={reason.setDraft}
            showProblems={reason.tried}
            apiFields={fields}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className={props.danger ? 'danger' : 'primary'} disabled={props.pending}>
            {props.confirmLabel}
          </button>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * A row's button that opens its correction in a ReasonDialog (Edit, Delete, Cancel invoice): opening clears the
 * mutation's earlier refusal (`reset`) and lets the caller fill its fields again (`onOpen`); `onConfirm` gets the
 * correction and `done`, which closes the dialog once the change is made.
 */
export function CorrectionButton({
  text,
  ariaLabel,
  className,
  reset,
  onOpen,
  onConfirm,
  ...dialog
}: Omit<ReasonDialogProps, 'onConfirm' | 'onClose'> & {
  text: string;
  ariaLabel?: string;
  className?: string;
  reset: () => void;
  onOpen?: () => void;
  onConfirm: (correction: Correction, done: () => void) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={className}
        aria-label={ariaLabel}
        onClick={() => {
          reset();
          onOpen?.();
          setOpen(true);
        }}
      >
        {text}
      </button>
      {open && (
        <ReasonDialog
          {...dialog}
          onClose={() => setOpen(false)}
          onConfirm={(correction) => onConfirm(correction, () => setOpen(false))}
        />
      )}
    </>
  );
}
