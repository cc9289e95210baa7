import { AuthErrors, CommonErrors, DomainError, errorStatus, GatewayErrors } from '@dental/contracts';
import { isInfrastructureFailure } from '@dental/messaging';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';

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
    res.status(status).json({
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
    const bodyError = describeBodyError(e);
    if (bodyError) return bodyError;
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

/**
 * What the body parser refused, as the client's error: its errors (http-errors, not Nest's HttpException) are marked
 * `expose` with a 4xx `status`, and most carry a `type`; a body that does not inflate has none. Never a 500.
 */
function describeBodyError(e: unknown): { status: number; code: string; message: string } | undefined {
  const err = e as { type?: unknown; status?: unknown; expose?: unknown; charset?: unknown; encoding?: unknown };
  if (!err || err.expose !== true || typeof err.status !== 'number' || err.status < 400 || err.status > 499)
    return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return {
        status: errorStatus(CommonErrors.VALIDATION),
        code: CommonErrors.VALIDATION,
        message: 'the body is not valid JSON',
      };
    case 'entity.too.large':
      return {
        status: errorStatus(GatewayErrors.TOO_LARGE),
        code: GatewayErrors.TOO_LARGE,
        message: 'the body is too large',
      };
    case 'charset.unsupported':
      return {
        status: errorStatus(GatewayErrors.UNSUPPORTED_CHARSET),
        code: GatewayErrors.UNSUPPORTED_CHARSET,
        message: `Content-Type: charset ${String(err.charset ?? '')} is not supported; send UTF-8`.replace('  ', ' '),
      };
    case 'encoding.unsupported':
      return {
        status: errorStatus(GatewayErrors.UNSUPPORTED_ENCODING),
        code: GatewayErrors.UNSUPPORTED_ENCODING,
        message: `Content-Encoding: ${String(err.encoding ?? '')} is not supported; send identity, gzip or deflate`,
      };
    default:
      // an aborted or truncated body, a size that does not match Content-Length, a body that does not inflate
      return {
        status: errorStatus(CommonErrors.VALIDATION),
        code: CommonErrors.VALIDATION,
        message: 'the body could not be read as sent',
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
