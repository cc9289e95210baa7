// Settings (admins; accountants see the clinics' Bank Charge Percentage and the report subscriptions): sections reached
// by URL — /settings/clinics (the list, New clinic, each clinic's Bank Charge Percentage in its three states,
// DOMAIN.md B), /settings/clinics/:id (progress-payment and notification settings, DOMAIN.md D), /settings/reports
// (report subscriptions) and /settings/users.
import { Navigate, NavLink, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import type { Ability } from '../app/roles';
import { ClinicsSection } from './ClinicsSection';
import { ClinicSettingsSection } from './ClinicSettingsSection';
import { ReportSubscriptionsSection } from './ReportSubscriptionsSection';
import { UsersSection } from './UsersSection';

const SECTIONS: { name: string; ability: Ability; title: string }[] = [
  { name: 'clinics', ability: 'clinicSettings', title: 'settings.clinics' },
  { name: 'reports', ability: 'reportSubscriptions', title: 'settings.subscriptions.title' },
  { name: 'users', ability: 'manageUsers', title: 'settings.users.title' },
];

export default function SettingsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const { section, id } = useParams();
  const sections = SECTIONS.filter((s) => session.can(s.ability));
  if (sections.length === 0)
    return (
      <p className="state state-error" role="alert">
        {t('common.forbidden')}
      </p>
    );
  const current = sections.find((s) => s.name === section);
  if (!current) return <Navigate to={`/settings/${sections[0].name}`} replace />;
  return (
    <section aria-labelledby="settings-title">
      <div className="page-head">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </div>
      <nav aria-label={t('settings.sections')} className="sub-nav">
        <ul>
          {sections.map((s) => (
            <li key={s.name}>
              <NavLink to={`/settings/${s.name}`}>{t(s.title)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {current.name === 'clinics' && id ? (
        session.can('manageClinics') ? (
          <ClinicSettingsSection clinicId={id} />
        ) : (
          <p className="state state-error" role="alert">
            {t('common.forbidden')}
          </p>
        )
      ) : current.name === 'clinics' ? (
        <ClinicsSection />
      ) : current.name === 'reports' ? (
        <ReportSubscriptionsSection />
      ) : (
        <UsersSection />
      )}
    </section>
  );
}
