// Which screens and actions a role gets: the web app's copy of README "Who may do what" (the gateway's
// role-matrix.ts decides; the app only hides what the API would refuse).
export type Role = 'admin' | 'accountant' | 'reception' | 'physician' | 'lab-manager';

export const ABILITIES = {
  /** GET /finance/labs, /finance/work-orders and their exports */
  viewFinance: ['admin', 'accountant', 'lab-manager'],
  /** GET /work-orders, GET /work-orders/:id */
  viewWorkOrders: ['admin', 'accountant', 'reception', 'physician', 'lab-manager'],
  /** POST /work-orders, PATCH /work-orders/:id, POST|PATCH|DELETE /work-orders/:id/payments */
  manageWorkOrders: ['admin', 'accountant', 'lab-manager'],
  /** GET /labs */
  viewLabs: ['admin', 'accountant', 'reception', 'physician', 'lab-manager'],
  /** POST /labs, PATCH /labs/:id */
  manageLabs: ['admin', 'accountant', 'lab-manager'],
  /** GET /patients, GET /patients/:id, GET /patients/:id/account */
  viewPatients: ['admin', 'accountant', 'reception', 'physician'],
  /** POST /patients */
  registerPatients: ['admin', 'accountant', 'reception'],
  /** POST|DELETE /patients/:id/payments */
  recordPatientMoney: ['admin', 'accountant', 'reception'],
  /** POST|DELETE /patients/:id/treatments */
  manageTreatments: ['admin', 'accountant', 'reception', 'physician'],
  /** POST /patients/:id/account-closures, DELETE /patients/:id/account-closures/latest */
  closeAccounts: ['admin', 'accountant'],
  /** the books: GET /reports/account-book, receivables-aging, balances, case-profit, journal */
  viewBooks: ['admin', 'accountant'],
  /** GET /reports/payables-aging */
  viewPayables: ['admin', 'accountant', 'lab-manager'],
  /** GET /reports/progress-payments (a physician sees only their own) */
  viewProgressPayment: ['admin', 'accountant', 'physician'],
  /** GET /alerts, PATCH /alerts/:id, POST /patients/:id/alerts */
  viewAlerts: ['admin', 'accountant', 'reception', 'physician'],
  /** POST /patients/:id/invoices, DELETE /patients/:id/invoices/:invoiceId */
  issueInvoices: ['admin', 'accountant', 'reception'],
  /** PUT /clinics/:id/payment-settings */
  clinicSettings: ['admin', 'accountant'],
  /** POST /clinics, PUT /clinics/:id/progress-settings, GET|PUT /clinics/:id/notification-settings */
  manageClinics: ['admin'],
  /** GET|POST /report-subscriptions, DELETE /report-subscriptions/:id */
  reportSubscriptions: ['admin', 'accountant'],
  /** GET /users, POST /users */
  manageUsers: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Ability = keyof typeof ABILITIES;

export function can(roles: readonly string[], ability: Ability): boolean {
  return (ABILITIES[ability] as readonly string[]).some((r) => roles.includes(r));
}
