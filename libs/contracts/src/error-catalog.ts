// The closed catalog of error codes (API.md errors: `{ statusCode, error, message, code, details? }`). Every code any
// service or the gateway answers is declared here once, by its owner, with its HTTP status and what it means. The
// gateway's error filter takes its statuses from here and the OpenAPI document takes each route's `code` enum from
// here; error-catalog.spec.ts fails on a code thrown anywhere in apps/ or libs/ that is not listed.
import { HistoryErrors } from './shared/corrections.contracts';
import { CommonErrors, IdempotencyErrors } from './errors';
import { NotificationErrors } from './notifications/notifications.contracts';
import { AccountErrors } from './patient-accounts/account.contracts';
import { PatientAccountErrors } from './patient-accounts/patient-accounts.contracts';
import { PatientPaymentErrors } from './payments/patient-payments.contracts';
import { PeriodClosureErrors } from './shared/period-closures.contracts';
import { ReportErrors } from './reporting/reports.contracts';
import { WorkOrderTreatmentErrors } from './work-orders/work-order-treatments.contracts';

/** The gateway's own codes: the HTTP edge (body parsing, routes) and authentication. */
export const GatewayErrors = {
  /** 413: the body is larger than the gateway accepts */
  TOO_LARGE: 'REQUEST.TOO_LARGE',
  /** 415: a Content-Type charset other than UTF-8 */
  UNSUPPORTED_CHARSET: 'REQUEST.UNSUPPORTED_CHARSET',
  /** 415: a Content-Encoding other than identity, gzip or deflate */
  UNSUPPORTED_ENCODING: 'REQUEST.UNSUPPORTED_ENCODING',
  /** 404: no route answers this method and path */
  ROUTE_NOT_FOUND: 'ROUTE.NOT_FOUND',
} as const;

export const AuthErrors = {
  /** 401: no bearer token, or one that is invalid or expired; a wrong e-mail or password at login */
  UNAUTHENTICATED: 'AUTH.UNAUTHENTICATED',
  /** 403: the caller's roles may not use this route */
  FORBIDDEN: 'AUTH.FORBIDDEN',
  /** 429: too many login attempts from this address; wait a minute */
  TOO_MANY_ATTEMPTS: 'AUTH.TOO_MANY_ATTEMPTS',
  /** 403: a physician's own report, but the account is linked to no physician */
  NOT_A_PHYSICIAN: 'AUTH.NOT_A_PHYSICIAN',
  /** 401: the browser's session cookie is expired or invalid: sign in again */
  SESSION_EXPIRED: 'AUTH.SESSION_EXPIRED',
  /** 403: a change sent with the session cookie but without the X-CSRF-Token header equal to the df_csrf cookie */
  CSRF_TOKEN_INVALID: 'AUTH.CSRF_TOKEN_INVALID',
} as const;

export const UserErrors = {
  /** 409: another user has this e-mail */
  EMAIL_TAKEN: 'USER.EMAIL_TAKEN',
} as const;

/** Codes of the bus itself (libs/messaging): every service can answer them. */
export const TenantErrors = {
  /** 404: a clinic the caller may not see, or of another organization */
  CLINIC_NOT_FOUND: CommonErrors.FORBIDDEN_CLINIC,
  /** 400: a request without an organization (never from the gateway, which always sends one) */
  MISSING: 'TENANT.MISSING',
} as const;

export const ClinicErrors = {
  NOT_FOUND: 'CLINIC.NOT_FOUND',
  ID_TAKEN: 'CLINIC.ID_TAKEN',
  INVALID_TIME_ZONE: 'CLINIC.INVALID_TIME_ZONE',
} as const;

export const WorkOrderErrors = {
  LAB_NOT_FOUND: 'LAB.NOT_FOUND',
  LAB_NAME_TAKEN: 'LAB.NAME_TAKEN',
  NOT_FOUND: 'WORK_ORDER.NOT_FOUND',
  LAB_INACTIVE: 'WORK_ORDER.LAB_INACTIVE',
  INSTALLMENTS_MISMATCH: 'WORK_ORDER.INSTALLMENTS_MISMATCH',
} as const;

export const WorkOrderPaymentCatalogErrors = {
  NOT_FOUND: 'WORK_ORDER_PAYMENT.NOT_FOUND',
  ZERO_AMOUNT: 'WORK_ORDER_PAYMENT.ZERO_AMOUNT',
} as const;

export const PatientErrors = {
  PATIENT_NOT_FOUND: 'PATIENT.NOT_FOUND',
  PHYSICIAN_NOT_FOUND: 'PHYSICIAN.NOT_FOUND',
  FAMILY_NOT_FOUND: 'FAMILY.NOT_FOUND',
  TREATMENT_NOT_FOUND: 'TREATMENT.NOT_FOUND',
  PLAN_ITEM_NOT_FOUND: 'TREATMENT_PLAN_ITEM.NOT_FOUND',
  INVOICE_NOT_FOUND: 'INVOICE.NOT_FOUND',
} as const;

export const FinanceCatalogErrors = {
  MIXED_CURRENCIES: 'FINANCE.MIXED_CURRENCIES',
  INVALID_CURSOR: 'FINANCE.INVALID_CURSOR',
} as const;

export type ErrorOwner =
  | 'gateway'
  | 'messaging'
  | 'payments'
  | 'work-orders'
  | 'patient-accounts'
  | 'reporting'
  | 'notifications'
  /** thrown alike by several owners (the period close: payments, work-orders, patient-accounts) */
  | 'shared';

export interface ErrorCatalogEntry {
  status: number;
  owner: ErrorOwner;
  description: string;
}

const entry = (status: number, owner: ErrorOwner, description: string): ErrorCatalogEntry => ({
  status,
  owner,
  description,
});

/** code → HTTP status, owner and meaning. Closed: a code that is not here is a bug (error-catalog.spec.ts). */
export const ERROR_CATALOG = {
  // every route
  [CommonErrors.VALIDATION]: entry(400, 'gateway', 'a malformed body, query or path parameter; details name each field and why'),
  [CommonErrors.UNAVAILABLE]: entry(503, 'messaging', 'a service, its database or the bus is down; nothing was done: retry (with the same Idempotency-Key)'),
  [CommonErrors.OUTCOME_UNKNOWN]: entry(503, 'messaging', 'a command was sent but its answer never came: it may have been done; retry with the same Idempotency-Key'),
  [CommonErrors.INTERNAL]: entry(500, 'gateway', 'something went wrong on our side'),
  [TenantErrors.CLINIC_NOT_FOUND]: entry(404, 'messaging', 'a clinic the caller may not see, or of another organization'),
  [TenantErrors.MISSING]: entry(400, 'messaging', 'the request carries no organization'),
  [IdempotencyErrors.KEY_REUSED]: entry(409, 'messaging', 'the Idempotency-Key was used before with another request (method, path or body)'),
  [IdempotencyErrors.KEY_INVALID]: entry(400, 'gateway', 'the Idempotency-Key is longer than 200 characters or holds characters outside printable ASCII'),
  [GatewayErrors.TOO_LARGE]: entry(413, 'gateway', 'the body is too large'),
  [GatewayErrors.UNSUPPORTED_CHARSET]: entry(415, 'gateway', 'a Content-Type charset other than UTF-8'),
  [GatewayErrors.UNSUPPORTED_ENCODING]: entry(415, 'gateway', 'a Content-Encoding other than identity, gzip or deflate'),
  [GatewayErrors.ROUTE_NOT_FOUND]: entry(404, 'gateway', 'no route answers this method and path'),
  [AuthErrors.UNAUTHENTICATED]: entry(401, 'gateway', 'no valid bearer token (or, at login, a wrong e-mail or password)'),
  [AuthErrors.FORBIDDEN]: entry(403, 'gateway', "the caller's roles may not use this route"),
  [AuthErrors.TOO_MANY_ATTEMPTS]: entry(429, 'gateway', 'too many login attempts from this address; wait a minute'),
  [AuthErrors.NOT_A_PHYSICIAN]: entry(403, 'gateway', 'the account is linked to no physician: an admin links it (POST /users with physicianId)'),
  [AuthErrors.SESSION_EXPIRED]: entry(401, 'gateway', "the browser's session cookie is expired or invalid: sign in again"),
  [AuthErrors.CSRF_TOKEN_INVALID]: entry(403, 'gateway', 'signed in by cookie, a change needs the X-CSRF-Token header equal to the df_csrf cookie'),
  [UserErrors.EMAIL_TAKEN]: entry(409, 'gateway', 'another user has this e-mail'),
  // payments
  [ClinicErrors.NOT_FOUND]: entry(404, 'payments', 'no such clinic in the organization'),
  [ClinicErrors.ID_TAKEN]: entry(409, 'payments', 'a clinic with this id exists'),
  [ClinicErrors.INVALID_TIME_ZONE]: entry(400, 'payments', 'the time zone is not an IANA time zone'),
  [PatientPaymentErrors.ACCOUNT_CLOSED]: entry(409, 'payments', "money dated on or before the patient's closure, or a closed record edited or deleted"),
  [PatientPaymentErrors.NOT_FOUND]: entry(404, 'payments', 'no such received-money record of this patient'),
  [WorkOrderPaymentCatalogErrors.NOT_FOUND]: entry(404, 'payments', 'no such payment of this work order'),
  [WorkOrderPaymentCatalogErrors.ZERO_AMOUNT]: entry(422, 'payments', 'a payment of 0 is no payment'),
  // work-orders
  [WorkOrderErrors.LAB_NOT_FOUND]: entry(404, 'work-orders', 'no such lab in the organization'),
  [WorkOrderErrors.LAB_NAME_TAKEN]: entry(409, 'work-orders', 'another lab of the organization has this name'),
  [WorkOrderErrors.NOT_FOUND]: entry(404, 'work-orders', 'no such work order the caller may see'),
  [WorkOrderErrors.LAB_INACTIVE]: entry(422, 'work-orders', 'the lab is inactive: no new work orders'),
  [WorkOrderErrors.INSTALLMENTS_MISMATCH]: entry(422, 'work-orders', 'the installments do not sum to the total; details: expected, actual, difference'),
  [WorkOrderTreatmentErrors.TREATMENT_OF_OTHER_PATIENT]: entry(409, 'work-orders', "a linked treatment is another patient's (or clinic's) than the work order's, or the work order has no patient"),
  // patient-accounts
  [PatientErrors.PATIENT_NOT_FOUND]: entry(404, 'patient-accounts', 'no such patient the caller may see'),
  [PatientErrors.PHYSICIAN_NOT_FOUND]: entry(404, 'patient-accounts', 'no such physician in the clinic'),
  [PatientErrors.FAMILY_NOT_FOUND]: entry(404, 'patient-accounts', 'no such family in the organization'),
  [PatientErrors.TREATMENT_NOT_FOUND]: entry(404, 'patient-accounts', 'no such treatment of this patient'),
  [PatientErrors.PLAN_ITEM_NOT_FOUND]: entry(404, 'patient-accounts', 'no such item in the treatment plan'),
  [PatientErrors.INVOICE_NOT_FOUND]: entry(404, 'patient-accounts', 'no such invoice of this patient'),
  [HistoryErrors.NOT_FOUND]: entry(404, 'patient-accounts', 'no record of this subject and id in a clinic the caller may see (payments answers it for money records)'),
  [PatientAccountErrors.TREATMENT_INVOICED]: entry(409, 'patient-accounts', 'the treatment is on an invoice: cancel the invoice first'),
  [PatientAccountErrors.PLAN_ITEM_COPIED]: entry(409, 'patient-accounts', 'the plan item was copied to a treatment already'),
  [PatientAccountErrors.PHYSICIAN_OTHER_CLINIC]: entry(422, 'patient-accounts', "the physician works in another clinic than the patient's"),
  [AccountErrors.ACCOUNT_CLOSED]: entry(409, 'patient-accounts', "a treatment dated on or before the patient's latest closure is created, edited or deleted"),
  [AccountErrors.CLOSURE_NOT_AFTER_LATEST]: entry(409, 'patient-accounts', 'a closure dated on or before the latest closure'),
  [AccountErrors.CLOSURE_DATE_INVALID]: entry(422, 'patient-accounts', "a past closure dated after today (clinic's time zone)"),
  [AccountErrors.NO_CLOSURE]: entry(404, 'patient-accounts', 'the account has no closure to undo'),
  [AccountErrors.TREATMENT_MANAGED_BY_PAYMENT]: entry(409, 'patient-accounts', 'a Bank Cost treatment follows its card payment; edit the payment instead'),
  [AccountErrors.CONTRACT_DOWN_PAYMENT_ABOVE_TOTAL]: entry(422, 'patient-accounts', 'the down payment is above the total'),
  [AccountErrors.CONTRACT_NOT_FOUND]: entry(404, 'patient-accounts', 'no such contract of this patient'),
  [AccountErrors.PLAN_NOT_FOUND]: entry(404, 'patient-accounts', 'no such treatment plan of this patient'),
  // period close (DOMAIN.md E): every owner of dated records refuses alike; the gateway reopens
  [PeriodClosureErrors.PERIOD_CLOSED]: entry(409, 'shared', 'a record dated on or before the closed-through date is created, changed or deleted; details: through, date'),
  [PeriodClosureErrors.NO_OPEN_CLOSURE]: entry(404, 'gateway', 'no open period closure of that scope to reopen'),
  // reporting
  [FinanceCatalogErrors.MIXED_CURRENCIES]: entry(422, 'reporting', 'the clinics in scope keep different currencies: filter by clinicId'),
  [FinanceCatalogErrors.INVALID_CURSOR]: entry(400, 'reporting', 'the cursor is not one this list gave out'),
  [ReportErrors.TOO_LARGE]: entry(422, 'reporting', 'the period has too many rows for one file: ask for a shorter one'),
  // notifications
  [NotificationErrors.ALERT_NOT_FOUND]: entry(404, 'notifications', 'no such alert the caller may see'),
  [NotificationErrors.SUBSCRIPTION_NOT_FOUND]: entry(404, 'notifications', 'no such report subscription'),
  [NotificationErrors.SUBSCRIPTION_EXISTS]: entry(409, 'notifications', 'the clinic has this report subscription for this e-mail already'),
  [NotificationErrors.WEBHOOK_SECRET_REQUIRED]: entry(422, 'notifications', 'a webhook URL needs a signing secret'),
} as const satisfies Record<string, ErrorCatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function isCatalogCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOG, code);
}

/** The HTTP status of a catalog code. */
export function errorStatus(code: ErrorCode): number {
  return ERROR_CATALOG[code].status;
}
