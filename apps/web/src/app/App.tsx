import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n } from '../i18n/i18n';
import { SessionGate, useSession } from './session';
import { ApiFailure } from './api';
import type { Ability } from './roles';
import { SignInPage } from '../auth/SignInPage';
import { Shell } from '../shell/Shell';
import { Loading } from '../common/states';
import { FinancePage } from '../finance/FinancePage';

// Finance is the first screen most users open: it ships in the entry chunk; the rest load on first visit.
const WorkOrdersPage = lazy(() => import('../work-orders/WorkOrdersPage'));
const NewWorkOrderPage = lazy(() => import('../work-orders/NewWorkOrderPage'));
const WorkOrderDetailsPage = lazy(() => import('../work-orders/WorkOrderDetailsPage'));
const LabsPage = lazy(() => import('../labs/LabsPage'));
const PatientsPage = lazy(() => import('../patients/PatientsPage'));
const PatientAccountPage = lazy(() => import('../patients/PatientAccountPage'));
const ReportsPage = lazy(() => import('../reports/ReportsPage'));
const AlertsPage = lazy(() => import('../alerts/AlertsPage'));
const SettingsPage = lazy(() => import('../settings/SettingsPage'));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // no retry on an answer the server meant (4xx); once more on a network or 5xx failure
        retry: (count, error) => !(error instanceof ApiFailure && error.status < 500) && count < 1,
      },
    },
  });
}

function Allowed({ ability, children }: { ability: Ability; children: ReactNode }) {
  const session = useSession();
  const { t } = useTranslation();
  if (!session.can(ability))
    return (
      <p className="state state-error" role="alert">
        {t('common.forbidden')}
      </p>
    );
  return <>{children}</>;
}

function Home() {
  const session = useSession();
  return <Navigate to={session.can('viewFinance') ? '/finance' : '/work-orders'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return <p className="state">{t('common.notFound')}</p>;
}

export function App({ queryClient = createQueryClient() }: { queryClient?: QueryClient }) {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionGate
            loading={<Loading />}
            signedOut={(reason) => <SignInPage reason={reason} />}
            signedIn={
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route element={<Shell />}>
                    <Route index element={<Home />} />
                    <Route path="finance" element={<Navigate to="/finance/labs" replace />} />
                    {/* Finance is opened by URL too: a role that may not see it gets the API's refusal there */}
                    <Route path="finance/:tab" element={<FinancePage />} />
                    <Route
                      path="work-orders"
                      element={
                        <Allowed ability="viewWorkOrders">
                          <WorkOrdersPage />
                        </Allowed>
                      }
                    />
                    <Route
                      path="work-orders/new"
                      element={
                        <Allowed ability="manageWorkOrders">
                          <NewWorkOrderPage />
                        </Allowed>
                      }
                    />
                    <Route
                      path="work-orders/:id"
                      element={
                        <Allowed ability="viewWorkOrders">
                          <WorkOrderDetailsPage />
                        </Allowed>
                      }
                    />
                    <Route
                      path="labs"
                      element={
                        <Allowed ability="viewLabs">
                          <LabsPage />
                        </Allowed>
                      }
                    />
                    <Route
                      path="patients"
                      element={
                        <Allowed ability="viewPatients">
                          <PatientsPage />
                        </Allowed>
                      }
                    />
                    <Route
                      path="patients/:id"
                      element={
                        <Allowed ability="viewPatients">
                          <PatientAccountPage />
                        </Allowed>
                      }
                    />
                    <Route path="reports" element={<ReportsPage />} />
                    <Route path="reports/:report" element={<ReportsPage />} />
                    <Route
                      path="alerts"
                      element={
                        <Allowed ability="viewAlerts">
                          <AlertsPage />
                        </Allowed>
                      }
                    />
                    {/* Settings' sections by URL: clinics (and one clinic's), report subscriptions, users */}
                    {['settings', 'settings/:section', 'settings/:section/:id'].map((path) => (
                      <Route
                        key={path}
                        path={path}
                        element={
                          <Allowed ability="clinicSettings">
                            <SettingsPage />
                          </Allowed>
                        }
                      />
                    ))}
                    <Route path="*" element={<NotFound />} />
                  </Route>
                </Routes>
              </Suspense>
            }
          />
        </BrowserRouter>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
