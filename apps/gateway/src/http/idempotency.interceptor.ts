import { DomainError, IdempotencyErrors } from '@dental/contracts';
import { RequestContext } from '@dental/messaging';
import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { Observable } from 'rxjs';
import { tap } from 'rxjs/operators';

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * `Idempotency-Key` on the writes a client may retry (API.md). The gateway keeps no key of its own: it sends the key
 * and the hash of the request (method, path and query, canonical body) with the RPC, and the owning service stores
 * the key in the transaction of the record it creates (libs/messaging `runIdempotent`). So a retry after any fault,
 * a lost reply, a timeout or a restart of the gateway itself, reaches the owner and gets the stored record back; the
 * same key with another request is a 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    const requestContext = RequestContext.current();
    if (key === undefined || !requestContext) return next.handle();
    if (!KEY.test(key))
      throw new DomainError(
        IdempotencyErrors.KEY_INVALID,
        400,
        'Idempotency-Key: must be 1 to 200 printable ASCII characters without spaces',
        [{ field: 'Idempotency-Key', reasons: ['must be 1 to 200 printable ASCII characters without spaces'] }],
      );
    const hash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    requestContext.idempotency = { key, hash };
    return next.handle().pipe(
      tap(() => {
        if (requestContext.idempotentReplay) res.setHeader('idempotent-replay', 'true');
      }),
    );
  }
}

/** JSON with every object's keys in sorted order: the same body with its fields in another order is the same body. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** Apply to a route that creates money or a work order, or changes or deletes money. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'a unique key per intended change (e.g. a UUID): a retry with the same key and the same request answers the ' +
        'first result again (header idempotent-replay: true) and never makes a second record; with another request 409',
    }),
  );
