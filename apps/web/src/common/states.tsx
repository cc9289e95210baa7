import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../app/api';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children?: string }) {
  const { t } = useTranslation();
  return <p className="state state-empty">{children ?? t('common.empty')}</p>;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message =
    error instanceof ApiFailure && error.status === 403
      ? t('common.forbidden')
      : t('common.error', { message: error instanceof Error ? error.message : String(error) });
  // the same request again helps after a network failure or a 5xx, never after a refusal or a bad request (4xx)
  const retryable = !(error instanceof ApiFailure && error.status < 500);
  return (
    <div className="state state-error" role="alert">
      <p>{message}</p>
      {onRetry && retryable && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** The API's reasons for one field, shown beside it (aria-describedby points here). */
export function FieldError({ id, reasons }: { id: string; reasons?: string[] }) {
  if (!reasons?.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {reasons.join(' ')}
    </p>
  );
}

/** Field errors of a failed mutation: the 400's details by field name, plus the message of any other error. */
export function errorsOf(error: unknown): { fields: Record<string, string[]>; message?: string } {
  if (!error) return { fields: {} };
  if (error instanceof ApiFailure) {
    const fields = error.fieldErrors;
    return { fields, message: Object.keys(fields).length ? undefined : error.message };
  }
  return { fields: {}, message: error instanceof Error ? error.message : String(error) };
}
