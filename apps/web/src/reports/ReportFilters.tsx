// The filters the reports share: the clinic, and a period From / To.
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';

/** The clinic a report is for; `allowAll`: "All my clinics" too (the reports that span clinics). */
export function ClinicSelect(props: { value: string; onChange: (id: string) => void; allowAll?: boolean }) {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <div className="filter">
      <label htmlFor="report-clinic">{t('finance.clinic')}</label>
      <select id="report-clinic" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.allowAll && <option value="">{t('shell.allClinics')}</option>}
        {me.clinics.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Time period From / To (an emptied field keeps the period it had). */
export function PeriodFilter(props: {
  idPrefix: string;
  from: string;
  to: string;
  onChange: (change: { from: string } | { to: string }) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="filter-group">
      <legend>{t('finance.timePeriod')}</legend>
      <label htmlFor={`${props.idPrefix}-from`}>{t('finance.from')}</label>
      <input
        id={`${props.idPrefix}-from`}
        type="date"
        value={props.from}
        onChange={(e) => e.target.value && props.onChange({ from: e.target.value })}
      />
      <label htmlFor={`${props.idPrefix}-to`}>{t('finance.to')}</label>
      <input
        id={`${props.idPrefix}-to`}
        type="date"
        value={props.to}
        onChange={(e) => e.target.value && props.onChange({ to: e.target.value })}
      />
    </fieldset>
  );
}
