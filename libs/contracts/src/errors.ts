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

  static notFound(what: string, id: string): DomainError {
    return new DomainError(
      `${what.toUpperCase().replace(/[^A-Z]+/g, '_')}.NOT_FOUND`,
      404,
      `${what} ${id} was not found`,
    );
  }
}

export const CommonErrors = {
  VALIDATION: 'REQUEST.VALIDATION',
  UNAVAILABLE: 'SERVICE.UNAVAILABLE',
  INTERNAL: 'SERVICE.INTERNAL',
  FORBIDDEN_CLINIC: 'TENANT.CLINIC_NOT_FOUND',
} as const;
