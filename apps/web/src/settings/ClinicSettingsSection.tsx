// One clinic's settings (admins): how its physicians earn (the progress-payment mode and the clinic's cost percentage,
// DOMAIN.md D) and where its notifications go (the clinic's e-mail, the patient's, a signed webhook).
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { formatPercent } from '../app/format';
import { ErrorState, errorsOf, FieldError, Loading } from '../common/states';
import {
  PROGRESS_MODES,
  useClinics,
  useNotificationSettings,
  useProgressSettings,
  useSetNotificationSettings,
  useSetProgressSettings,
  type ClinicView,
  type NotificationSettings,
  type ProgressMode,
  type ProgressSettings,
} from './useSettings';
import { BankChargeState } from './ClinicsSection';

export function ClinicSettingsSection({ clinicId }: { clinicId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const clinics = useClinics();
  if (clinics.isPending) return <Loading />;
  if (clinics.isError) return <ErrorState error={clinics.error} onRetry={() => void clinics.refetch()} />;
  const clinic = clinics.data.items.find((c) => c.id === clinicId);
  if (!clinic) return <p className="state">{t('common.notFound')}</p>;
  return (
    <>
      <p>
        <Link to="/settings/clinics">{t('settings.backToClinics')}</Link>
      </p>
      <h2>{clinic.name}</h2>
      <p className="muted">
        {t('settings.currency')}: {clinic.currency} · {t('settings.timeZone')}: {clinic.timeZone} ·{' '}
        {t('settings.locale')}: {t(`settings.languages.${clinic.locale}`)} · {t('settings.bankChargePercent')}:{' '}
        <BankChargeState percent={clinic.bankChargePercent} locale={session.locale} />
      </p>
      <ProgressSettingsCard clinic={clinic} />
      <NotificationSettingsCard clinic={clinic} />
    </>
  );
}

function ProgressSettingsCard({ clinic }: { clinic: ClinicView }) {
  const { t } = useTranslation();
  const settings = useProgressSettings(clinic.id);
  return (
    <section className="card settings-card" aria-labelledby="progress-title">
      <h3 id="progress-title">{t('settings.progress.title')}</h3>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <ProgressSettingsForm clinic={clinic} current={settings.data} />
      )}
    </section>
  );
}

function ProgressSettingsForm({ clinic, current }: { clinic: ClinicView; current: ProgressSettings }) {
  const { t } = useTranslation();
  const session = useSession();
  const save = useSetProgressSettings(clinic.id);
  const [mode, setMode] = useState<ProgressMode>(current.mode);
  const [costPercent, setCostPercent] = useState(current.costPercent);
  const { fields, message } = errorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ mode, costPercent: costPercent.trim() });
  };
  return (
    <form className="form-inline" aria-labelledby="progress-title" onSubmit={submit} noValidate>
      <p className="settings-current" id="progress-current">
        {t('settings.progress.current', {
          mode: t(`settings.progress.modes.${current.mode}`),
          percent: formatPercent(current.costPercent, session.locale),
        })}
      </p>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      <div className="field">
        <label htmlFor="progress-mode">{t('settings.progress.mode')}</label>
        <select
          id="progress-mode"
          value={mode}
          onChange={(e) => setMode(e.target.value as ProgressMode)}
          aria-invalid={fields.mode ? true : undefined}
          aria-describedby={fields.mode ? 'progress-mode-error' : undefined}
        >
          {PROGRESS_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`settings.progress.modes.${m}`)}
            </option>
          ))}
        </select>
        <FieldError id="progress-mode-error" reasons={fields.mode} />
      </div>
      <div className="field">
        <label htmlFor="progress-cost">{t('settings.progress.costPercent')}</label>
        <input
          id="progress-cost"
          inputMode="decimal"
          value={costPercent}
          onChange={(e) => setCostPercent(e.target.value)}
          aria-invalid={fields.costPercent ? true : undefined}
          aria-describedby={`progress-cost-hint${fields.costPercent ? ' progress-cost-error' : ''}`}
        />
        <p className="muted field-hint" id="progress-cost-hint">
          {t('settings.progress.costHint')}
        </p>
        <FieldError id="progress-cost-error" reasons={fields.costPercent} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        {save.isSuccess && !save.isPending && <span role="status">{t('settings.saved')}</span>}
      </div>
    </form>
  );
}

function NotificationSettingsCard({ clinic }: { clinic: ClinicView }) {
  const { t } = useTranslation();
  const settings = useNotificationSettings(clinic.id);
  return (
    <section className="card settings-card" aria-labelledby="notifications-title">
      <h3 id="notifications-title">{t('settings.notifications.title')}</h3>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <NotificationSettingsForm clinic={clinic} current={settings.data} />
      )}
    </section>
  );
}

function NotificationSettingsForm({ clinic, current }: { clinic: ClinicView; current: NotificationSettings }) {
  const { t } = useTranslation();
  const save = useSetNotificationSettings(clinic.id);
  const [email, setEmail] = useState(current.email ?? '');
  const [notifyPatients, setNotifyPatients] = useState(current.notifyPatients);
  const [webhookUrl, setWebhookUrl] = useState(current.webhookUrl ?? '');
  const [webhookSecret, setWebhookSecret] = useState('');
  const { fields, message } = errorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        email: email.trim() || null,
        notifyPatients,
        webhookUrl: webhookUrl.trim() || null,
        ...(webhookSecret ? { webhookSecret } : {}),
      },
      { onSuccess: () => setWebhookSecret('') },
    );
  };
  const described = (id: string, field: string, hint = false) =>
    [hint ? `${id}-hint` : '', fields[field] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <form className="form-grid" aria-labelledby="notifications-title" onSubmit={submit} noValidate>
      {message && (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      )}
      <div className="field">
        <label htmlFor="notify-email">{t('settings.notifications.email')}</label>
        <input
          id="notify-email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={fields.email ? true : undefined}
          aria-describedby={described('notify-email', 'email')}
        />
        <FieldError id="notify-email-error" reasons={fields.email} />
      </div>
      <label className="check">
        <input type="checkbox" checked={notifyPatients} onChange={(e) => setNotifyPatients(e.target.checked)} />
        {t('settings.notifications.notifyPatients')}
      </label>
      <div className="field">
        <label htmlFor="notify-webhook-url">{t('settings.notifications.webhookUrl')}</label>
        <input
          id="notify-webhook-url"
          type="url"
          value={webhookUrl}
          onChange={(e) => setWebhookUrl(e.target.value)}
          aria-invalid={fields.webhookUrl ? true : undefined}
          aria-describedby={described('notify-webhook-url', 'webhookUrl')}
        />
        <FieldError id="notify-webhook-url-error" reasons={fields.webhookUrl} />
      </div>
      <div className="field">
        <label htmlFor="notify-webhook-secret">{t('settings.notifications.webhookSecret')}</label>
        <input
          id="notify-webhook-secret"
          type="password"
          autoComplete="new-password"
          value={webhookSecret}
          onChange={(e) => setWebhookSecret(e.target.value)}
          aria-invalid={fields.webhookSecret ? true : undefined}
          aria-describedby={described('notify-webhook-secret', 'webhookSecret', true)}
        />
        <p className="muted field-hint" id="notify-webhook-secret-hint">
          {t('settings.notifications.secretHint')}
          {current.hasWebhookSecret ? ` ${t('settings.notifications.secretSet')}` : ''}
        </p>
        <FieldError id="notify-webhook-secret-error" reasons={fields.webhookSecret} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        {save.isSuccess && !save.isPending && <span role="status">{t('settings.saved')}</span>}
      </div>
    </form>
  );
}
