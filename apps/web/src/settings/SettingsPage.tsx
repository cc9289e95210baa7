// Settings (admins and accountants): each clinic's Bank Charge Percentage in its three states — a number (computed
// on card payments), 0 (typed by hand), blank (no bank cost) — DOMAIN.md B "Card payments and bank cost".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../app/api';
import { meKeys, useSession, type Clinic } from '../app/session';
import { errorsOf, FieldError } from '../common/states';

export default function SettingsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <section aria-labelledby="settings-title">
      <div className="page-head">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </div>
      <h2>{t('settings.clinics')}</h2>
      {me.clinics.map((clinic) => (
        <ClinicSettings key={clinic.id} clinic={clinic} />
      ))}
    </section>
  );
}

function ClinicSettings({ clinic }: { clinic: Clinic }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(clinic.bankChargePercent ?? '');
  const save = useMutation({
    mutationFn: (bankChargePercent: string | null) =>
      unwrap(
        api.PUT('/api/v1/clinics/{id}/payment-settings', {
          params: { path: { id: clinic.id } },
          body: { bankChargePercent },
        }),
      ),
    // the clinics of GET /me carry the setting: the Account page's payment form reads it from there
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKeys.all }),
  });
  const { fields, message } = errorsOf(save.error);
  const reasons = fields.bankChargePercent ?? (message ? [message] : undefined);
  const id = `bank-charge-${clinic.id}`;
  return (
    <form
      className="card form-inline"
      aria-label={clinic.name}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(value.trim() === '' ? null : value.trim());
      }}
    >
      <h3>{clinic.name}</h3>
      <p className="muted">
        {t('settings.currency')}: {clinic.currency} · {t('settings.timeZone')}: {clinic.timeZone} ·{' '}
        {t('settings.locale')}: {clinic.locale}
      </p>
      <div className="field">
        <label htmlFor={id}>{t('settings.bankChargePercent')}</label>
        <input
          id={id}
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={reasons ? true : undefined}
          aria-describedby={`${id}-hint${reasons ? ` ${id}-error` : ''}`}
        />
        <p className="muted" id={`${id}-hint`}>
          {t('settings.bankChargeHint')}
        </p>
        <FieldError id={`${id}-error`} reasons={reasons} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        {save.isSuccess && <span role="status">{t('settings.saved')}</span>}
      </div>
    </form>
  );
}
