import { AuthErrors, CommonErrors, DomainError, errorStatus, GatewayErrors } from '@dental/contracts';
import { isInfrastructureFailure } from '@dental/messaging';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { bodyParserError } from './body-parser-errors';

/** Seconds a client should wait before retrying a 503 (the same request, with the same Idempotency-Key). */
const RETRY_AFTER_SECONDS = '1';

/** Every error leaves the gateway as `{ statusCode, error, message, code, details? }` (API.md). */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, code, message, details } = this.describe(exception);
    if (status >= 500 && status !== 503) this.logger.error({ err: exception }, message);
    if (status === 503) {
      this.logger.warn({ err: exception }, message);
      res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    }
    // JSON whatever a file server had set before it failed (express's json() keeps a Content-Type already there)
    res
      .status(status)
      .type('application/json')
      .json({
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message,
        code,
        ...(details !== undefined ? { details } : {}),
      });
  }

  private describe(e: unknown): { status: number; code: string; message: string; details?: unknown } {
    if (e instanceof DomainError) return { status: e.status, code: e.code, message: e.message, details: e.details };
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const body = e.getResponse() as string | { message?: string | string[]; code?: string; details?: unknown };
      const message =
        typeof body === 'string'
          ? body
          : Array.isArray(body.message)
            ? body.message.join('; ')
            : (body.message ?? e.message);
      const code = (typeof body === 'object' && body.code) || defaultCode(status);
      return { status, code, message, details: typeof body === 'object' ? body.details : undefined };
    }
    // a body parser error that reached the filter unconverted: the one mapping the parsers use
    const bodyError = bodyParserError(e);
    if (bodyError !== e) return this.describe(bodyError);
    // another exposed 4xx of the http-errors family (express's file server: 404, 412, 416): its own status
    const exposed = e as { expose?: unknown; status?: unknown; message?: unknown };
    if (exposed?.expose === true && typeof exposed.status === 'number' && exposed.status >= 400 && exposed.status < 500)
      return { status: exposed.status, code: defaultCode(exposed.status), message: String(exposed.message ?? '') };
    if (isInfrastructureFailure(e))
      return {
        status: errorStatus(CommonErrors.UNAVAILABLE),
        code: CommonErrors.UNAVAILABLE,
        message: 'the gateway cannot reach its database or the bus right now; retry shortly',
      };
    return {
      status: errorStatus(CommonErrors.INTERNAL),
      code: CommonErrors.INTERNAL,
      message: 'something went wrong on our side',
    };
  }
}

function defaultCode(status: number): string {
  switch (status) {
    case 400:
      return CommonErrors.VALIDATION;
    case 401:
      return AuthErrors.UNAUTHENTICATED;
    case 403:
      return AuthErrors.FORBIDDEN;
    case 404:
      return GatewayErrors.ROUTE_NOT_FOUND;
    case 429:
      return AuthErrors.TOO_MANY_ATTEMPTS;
    default:
      return `HTTP.${status}`;
  }
}
