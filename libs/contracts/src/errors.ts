// Errors cross the bus as this body; the gateway maps `status` to HTTP. Codes are `AREA.REASON`.
export interface ErrorBody {
  code: string;
  status: number;
  message: string;
  details?: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      status: this.status,
      message: this.message,
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }

  /** A 404 with its code from the catalog (error-catalog.ts): `DomainError.notFound(PatientErrors.PATIENT_NOT_FOUND, 'patient', id)`. */
  static notFound(code: string, what: string, id: string): DomainError {
    return new DomainError(code, 404, `${what} ${id} was not found`);
  }
}

export const CommonErrors = {
  VALIDATION: 'REQUEST.VALIDATION',
  /** 503: a service, its database or the bus is down; nothing was done, retry (with the same Idempotency-Key). */
  UNAVAILABLE: 'SERVICE.UNAVAILABLE',
  /** 503: a command was sent but its answer never came: it may have been done. Retry with the same Idempotency-Key. */
  OUTCOME_UNKNOWN: 'SERVICE.OUTCOME_UNKNOWN',
  INTERNAL: 'SERVICE.INTERNAL',
  FORBIDDEN_CLINIC: 'TENANT.CLINIC_NOT_FOUND',
} as const;

/** Idempotency-Key (libs/messaging README, "From a client's retry to the read models"). */
export const IdempotencyErrors = {
  /** 409: the key was used before with another request (method, path or body) */
  KEY_REUSED: 'IDEMPOTENCY.KEY_REUSED',
  /** 400: the key is longer than 200 characters or holds characters outside printable ASCII */
  KEY_INVALID: 'IDEMPOTENCY.KEY_INVALID',
} as const;
