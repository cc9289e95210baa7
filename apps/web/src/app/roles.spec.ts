import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ABILITIES, can, type Ability } from './roles';

// The README's role table ("Who may do what") is the gateway's copy of role-matrix.ts: the web app's abilities
// must say the same, or a link would lead to a refusal (or a screen would be hidden from a role that may use it).
const README = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
const ROLES = ['admin', 'accountant', 'reception', 'physician', 'lab-manager'];

function rolesOf(route: string): string[] {
  const row = README.split('\n').find((l) => l.startsWith(`| \`${route}\` |`));
  if (!row) throw new Error(`README has no row for ${route}`);
  const cells = row
    .split('|')
    .slice(3, 8)
    .map((c) => c.trim());
  return ROLES.filter((_, i) => cells[i] === '✓');
}

const ROUTES: Record<Ability, string[]> = {
  viewFinance: [
    'GET /finance/labs',
    'GET /finance/work-orders',
    'GET /finance/labs/export',
    'GET /finance/work-orders/export',
  ],
  viewWorkOrders: ['GET /work-orders', 'GET /work-orders/:id'],
  manageWorkOrders: [
    'POST /work-orders',
    'PATCH /work-orders/:id',
    'POST /work-orders/:id/payments',
    'PATCH /work-orders/:id/payments/:paymentId',
    'DELETE /work-orders/:id/payments/:paymentId',
  ],
  viewLabs: ['GET /labs'],
  manageLabs: ['POST /labs', 'PATCH /labs/:id'],
  viewPatients: ['GET /patients', 'GET /patients/:id', 'GET /patients/:id/account'],
  registerPatients: ['POST /patients'],
  recordPatientMoney: ['POST /patients/:id/payments', 'DELETE /patients/:id/payments/:paymentId'],
  manageTreatments: ['POST /patients/:id/treatments', 'DELETE /patients/:id/treatments/:treatmentId'],
  closeAccounts: ['POST /patients/:id/account-closures', 'DELETE /patients/:id/account-closures/latest'],
  viewBooks: [
    'GET /reports/account-book',
    'GET /reports/receivables-aging',
    'GET /reports/balances',
    'GET /reports/case-profit',
    'GET /reports/journal',
  ],
  viewPayables: ['GET /reports/payables-aging'],
  viewProgressPayment: ['GET /reports/progress-payments'],
  viewAlerts: ['GET /alerts', 'PATCH /alerts/:id', 'POST /patients/:id/alerts'],
  issueInvoices: ['POST /patients/:id/invoices', 'DELETE /patients/:id/invoices/:invoiceId'],
  clinicSettings: ['PUT /clinics/:id/payment-settings'],
  manageClinics: [
    'POST /clinics',
    'PUT /clinics/:id/progress-settings',
    'GET /clinics/:id/notification-settings',
    'PUT /clinics/:id/notification-settings',
  ],
  reportSubscriptions: ['GET /report-subscriptions', 'POST /report-subscriptions', 'DELETE /report-subscriptions/:id'],
  manageUsers: ['GET /users', 'POST /users'],
};

describe('the web app shows each role what the API lets it use', () => {
  it.each(Object.entries(ROUTES))('%s: the roles README allows on each of its routes', (ability, routes) => {
    for (const route of routes)
      expect([route, [...ABILITIES[ability as Ability]].sort()]).toEqual([route, rolesOf(route).sort()]);
  });

  it('answers by any of the user’s roles', () => {
    expect(can(['reception'], 'viewFinance')).toBe(false);
    expect(can(['reception', 'accountant'], 'viewFinance')).toBe(true);
    expect(can(['physician'], 'viewWorkOrders')).toBe(true);
    expect(can([], 'viewLabs')).toBe(false);
  });
});
