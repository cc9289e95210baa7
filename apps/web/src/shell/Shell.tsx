import { NavLink, Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';

export function Shell() {
  const { t } = useTranslation();
  const session = useSession();
  const { me } = session;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top-bar">
        <span className="brand">{t('app.title')}</span>
        <nav aria-label={t('shell.navigation')} className="main-nav">
          <ul>
            {session.can('viewPatients') && (
              <li>
                <NavLink to="/patients">{t('nav.patients')}</NavLink>
              </li>
            )}
            {session.can('viewFinance') && (
              <li>
                <NavLink to="/finance">{t('nav.finance')}</NavLink>
              </li>
            )}
            {session.can('viewWorkOrders') && (
              <li>
                <NavLink to="/work-orders">{t('nav.workOrders')}</NavLink>
              </li>
            )}
            {session.can('viewLabs') && (
              <li>
                <NavLink to="/labs">{t('nav.labs')}</NavLink>
              </li>
            )}
            {(session.can('viewBooks') || session.can('viewProgressPayment') || session.can('viewPayables')) && (
              <li>
                <NavLink to="/reports">{t('nav.reports')}</NavLink>
              </li>
            )}
            {session.can('viewAlerts') && (
              <li>
                <NavLink to="/alerts">{t('nav.alerts')}</NavLink>
              </li>
            )}
            {session.can('clinicSettings') && (
              <li>
                <NavLink to="/settings">{t('nav.settings')}</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="top-bar-end">
          <label htmlFor="clinic-switcher" className="visually-hidden">
            {t('shell.clinic')}
          </label>
          <select
            id="clinic-switcher"
            value={session.clinicId ?? ''}
            onChange={(e) => session.setClinicId(e.target.value || undefined)}
          >
            <option value="">{t('shell.allClinics')}</option>
            {me.clinics.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <span className="user-name">{me.name}</span>
          <button type="button" onClick={session.signOut}>
            {t('auth.signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
