import { Role } from '@dental/contracts';

/**
 * Who may do what, one row per route (the table in README.md "Who may do what"). `admin` may do everything; every
 * other role only what its row names. `signed-in`: any valid token. A route that is not in this table is refused to
 * everyone but admins (the test that walks every route keeps the table complete).
 */
export type RouteAccess = 'public' | 'signed-in' | readonly Role[];

export interface RouteRule {
  access: RouteAccess;
  /** What the route does, in the clinic's words. */
  what: string;
}

const FRONT_DESK: readonly Role[] = ['reception', 'accountant'];
const CLINICAL: readonly Role[] = ['reception', 'physician', 'accountant'];
const LAB_DESK: readonly Role[] = ['accountant', 'lab-manager'];
/** Reception and physicians follow a patient's lab case (is it back?): they read work orders, never change them. */
const LAB_READERS: readonly Role[] = ['reception', 'physician', 'accountant', 'lab-manager'];
const BOOKS: readonly Role[] = ['accountant'];
const ADMIN_ONLY: readonly Role[] = [];

export const ROLE_MATRIX = {
  'POST /auth/login': { access: 'public', what: 'sign in' },
  'POST /auth/session': { access: 'public', what: 'sign in from a browser (session cookie)' },
  'DELETE /auth/session': { access: 'public', what: 'sign out a browser' },
  'GET /me': { access: 'signed-in', what: 'who am I, my organization and clinics' },
  'GET /users': { access: ADMIN_ONLY, what: 'list staff accounts' },
  'POST /users': { access: ADMIN_ONLY, what: 'create a staff account' },

  'GET /clinics': { access: 'signed-in', what: 'list my clinics' },
  'GET /clinics/:id': { access: 'signed-in', what: 'read a clinic' },
  'POST /clinics': { access: ADMIN_ONLY, what: 'open a clinic' },
  'PUT /clinics/:id/payment-settings': { access: BOOKS, what: "set the clinic's bank charge percentage" },
  'GET /clinics/:id/progress-settings': {
    access: BOOKS,
    what: "read how the clinic's physicians earn (progress-payment mode, cost percentage)",
  },
  'PUT /clinics/:id/progress-settings': {
    access: ADMIN_ONLY,
    what: "set how the clinic's physicians earn (progress-payment mode, cost percentage)",
  },
  'GET /clinics/:id/notification-settings': { access: ADMIN_ONLY, what: 'read e-mail and webhook settings' },
  'PUT /clinics/:id/notification-settings': { access: ADMIN_ONLY, what: 'change e-mail and webhook settings' },

  'GET /labs': { access: LAB_READERS, what: 'list dental labs' },
  'POST /labs': { access: LAB_DESK, what: 'add a dental lab' },
  'GET /labs/:id': { access: LAB_READERS, what: 'read a dental lab' },
  'PATCH /labs/:id': { access: LAB_DESK, what: 'change a dental lab' },
  'GET /work-orders': { access: LAB_READERS, what: 'list work orders' },
  'POST /work-orders': { access: LAB_DESK, what: 'open a work order with its payment plan' },
  'GET /work-orders/:id': { access: LAB_READERS, what: 'work-order details with its payments' },
  'PATCH /work-orders/:id': { access: LAB_DESK, what: "change a work order's status or description" },
  'PUT /work-orders/:id/treatments': { access: LAB_DESK, what: "link a lab case to its patient's treatments" },
  'GET /work-orders/:id/payments': { access: LAB_READERS, what: "a work order's payments and their audit trail" },
  'POST /work-orders/:id/payments': { access: LAB_DESK, what: 'pay a lab (or record its refund)' },
  'PATCH /work-orders/:id/payments/:paymentId': { access: LAB_DESK, what: 'correct a lab payment' },
  'DELETE /work-orders/:id/payments/:paymentId': { access: LAB_DESK, what: 'delete a lab payment' },
  'GET /finance/labs': { access: LAB_DESK, what: 'Finance: Dental Labs tab' },
  'GET /finance/work-orders': { access: LAB_DESK, what: 'Finance: Work Orders tab' },
  'GET /finance/labs/export': { access: LAB_DESK, what: 'Finance: Dental Labs report file' },
  'GET /finance/work-orders/export': { access: LAB_DESK, what: 'Finance: Work Orders report file' },

  'GET /physicians': { access: [...CLINICAL, 'lab-manager'], what: 'list physicians (names and commission)' },
  'POST /physicians': { access: BOOKS, what: 'add a physician with a commission percentage' },
  'POST /families': { access: FRONT_DESK, what: 'start a family account' },
  'GET /families/:id/account': { access: CLINICAL, what: 'the family account' },
  'GET /patients': { access: CLINICAL, what: 'find patients (their contact data)' },
  'POST /patients': { access: FRONT_DESK, what: 'register a patient' },
  'GET /patients/:id': { access: CLINICAL, what: "a patient's details" },
  'PATCH /patients/:id': { access: FRONT_DESK, what: "change a patient's name, phone or e-mail" },
  'PUT /patients/:id/family': { access: FRONT_DESK, what: 'put a patient in a family' },
  'POST /patients/:id/treatments': { access: CLINICAL, what: 'add a treatment' },
  'PATCH /patients/:id/treatments/:treatmentId': { access: CLINICAL, what: 'correct a treatment' },
  'DELETE /patients/:id/treatments/:treatmentId': { access: CLINICAL, what: 'delete a treatment' },
  'GET /patients/:id/treatment-plans': { access: CLINICAL, what: "a patient's treatment plans" },
  'POST /patients/:id/treatment-plans': { access: CLINICAL, what: 'write a treatment plan' },
  'POST /patients/:id/treatment-plans/:planId/copy-to-treatments': {
    access: CLINICAL,
    what: 'copy planned items to treatments',
  },
  'POST /patients/:id/invoices': { access: FRONT_DESK, what: 'issue an invoice' },
  'DELETE /patients/:id/invoices/:invoiceId': { access: FRONT_DESK, what: 'cancel an invoice' },
  'GET /patients/:id/account': { access: CLINICAL, what: "the patient's Account page" },
  'GET /patients/:id/balance-distribution': { access: CLINICAL, what: 'Balance Distribution per physician' },
  'GET /patients/:id/payments': { access: CLINICAL, what: 'Received moneys' },
  'GET /patients/:id/payments.pdf': { access: CLINICAL, what: 'print the list of received moneys' },
  'GET /patients/:id/payments/:paymentId': { access: CLINICAL, what: 'one received money record' },
  'GET /patients/:id/payments/:paymentId/receipt.pdf': { access: CLINICAL, what: 'print a receipt' },
  'POST /patients/:id/payments': { access: FRONT_DESK, what: 'record money received (or a refund)' },
  'PATCH /patients/:id/payments/:paymentId': { access: FRONT_DESK, what: 'correct received money' },
  'DELETE /patients/:id/payments/:paymentId': { access: FRONT_DESK, what: 'delete received money' },
  'POST /patients/:id/contracts': { access: FRONT_DESK, what: 'make an installment contract' },
  'GET /patients/:id/contracts/:contractId': { access: CLINICAL, what: 'a contract with its installments' },
  'POST /patients/:id/account-closures': { access: BOOKS, what: 'close the account (now or at a past date)' },
  'DELETE /patients/:id/account-closures/latest': { access: BOOKS, what: 'undo the latest account closure' },
  'POST /patients/:id/alerts': { access: CLINICAL, what: 'set an alert on a patient' },
  'GET /alerts': { access: CLINICAL, what: 'alerts due today or overdue' },
  'PATCH /alerts/:id': { access: CLINICAL, what: 'mark an alert done' },

  'GET /reports/account-book': { access: BOOKS, what: 'Account Book (daily, monthly, yearly)' },
  'GET /reports/receivables-aging': {
    access: BOOKS,
    what: 'Receivables aging: what each patient owes as of a date, by age',
  },
  'GET /reports/balances': { access: BOOKS, what: 'Balance report: patients with debt or overpaying' },
  'GET /reports/progress-payments': {
    access: ['accountant', 'physician'],
    what: 'Progress Payment (a physician sees only their own)',
  },
  'GET /reports/payables-aging': {
    access: LAB_DESK,
    what: 'Payables aging: what is owed to each lab, by days past due',
  },
  'GET /reports/case-profit': { access: BOOKS, what: 'Case profit: lab cases against their treatments' },
  'GET /reports/journal': { access: BOOKS, what: 'Journal export: double-entry lines for the books' },
  'GET /accounting/accounts': { access: BOOKS, what: "the journal's account codes and names" },
  'PUT /accounting/accounts': { access: BOOKS, what: "set the journal's account codes and names" },
  'POST /report-subscriptions': { access: BOOKS, what: 'subscribe to a scheduled report' },
  'GET /report-subscriptions': { access: BOOKS, what: 'list scheduled reports' },
  'DELETE /report-subscriptions/:id': { access: BOOKS, what: 'stop a scheduled report' },
  'GET /notifications/deliveries': { access: BOOKS, what: 'the delivery log of e-mails and webhooks' },
  'GET /history/:subject/:id': {
    access: LAB_READERS,
    what: "a record's history: who changed what, when and why (a patient's records: not the lab desk)",
  },
  'POST /period-closures': { access: BOOKS, what: 'close a clinic (or every clinic) through a date' },
  'GET /period-closures': { access: BOOKS, what: 'the period closures, reopened ones too' },
  'DELETE /period-closures/latest': { access: ADMIN_ONLY, what: 'reopen the latest period closure, with a reason' },
} as const satisfies Record<string, RouteRule>;

export type RouteKey = keyof typeof ROLE_MATRIX;

/** The rule of `METHOD /path` (the route's template without the /api/v1 prefix); undefined when it has none. */
export function ruleOf(method: string, path: string): RouteRule | undefined {
  return (ROLE_MATRIX as Record<string, RouteRule>)[`${method.toUpperCase()} ${path}`];
}

/** Whether a caller with `roles` may call a route with this rule. */
export function mayCall(rule: RouteRule | undefined, roles: readonly Role[]): boolean {
  if (roles.includes('admin')) return true;
  if (!rule) return false;
  if (rule.access === 'public' || rule.access === 'signed-in') return true;
  return roles.some((r) => (rule.access as readonly Role[]).includes(r));
}
