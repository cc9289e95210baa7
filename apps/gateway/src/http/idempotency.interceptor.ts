import { DomainError } from '@dental/contracts';
import { Principal } from '@dental/auth';
import { MikroORM } from '@mikro-orm/core';
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
import { from, Observable, of } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';

/**
 * `Idempotency-Key` on POSTs that create money or a work order (API.md): the same key with the same body answers
 * the first result again; with another body, or while the first is still running, 409. Keys are per organization.
 * A request that fails frees its key, so the client may retry it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly orm: MikroORM) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (!key || !req.principal) return next.handle();
    if (key.length > 200)
      throw new DomainError('IDEMPOTENCY.KEY_TOO_LONG', 400, 'Idempotency-Key must be at most 200 characters');
    const org = req.principal.organizationId;
    const hash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    const conn = this.orm.em.getConnection();
    return from(
      conn.execute<{ key: string }[]>(
        'insert into idempotency_key (organization_id, key, request_hash) values (?, ?, ?) on conflict do nothing returning key',
        [org, key, hash],
      ),
    ).pipe(
      mergeMap((inserted) => {
        if (inserted.length) {
          return next.handle().pipe(
            mergeMap((body) =>
              from(
                conn.execute(
                  'update idempotency_key set status_code = ?, response = ? where organization_id = ? and key = ?',
                  [res.statusCode, JSON.stringify(body ?? null), org, key],
                ),
              ).pipe(mergeMap(() => of(body))),
            ),
            catchError((err) =>
              from(conn.execute('delete from idempotency_key where organization_id = ? and key = ?', [org, key])).pipe(
                mergeMap(() => {
                  throw err;
                }),
              ),
            ),
          );
        }
        return from(
          conn.execute<{ request_hash: string; status_code: number | null; response: unknown }[]>(
            'select request_hash, status_code, response from idempotency_key where organization_id = ? and key = ?',
            [org, key],
          ),
        ).pipe(
          mergeMap(([stored]) => {
            if (!stored || stored.request_hash !== hash) {
              throw new DomainError(
                'IDEMPOTENCY.KEY_REUSED',
                409,
                'this Idempotency-Key was used with another request',
              );
            }
            if (stored.status_code === null)
              throw new DomainError(
                'IDEMPOTENCY.IN_PROGRESS',
                409,
                'a request with this Idempotency-Key is still running',
              );
            res.status(stored.status_code);
            res.setHeader('idempotent-replay', 'true');
            return of(stored.response);
          }),
        );
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

/** Apply to a POST that creates money or a work order. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'same key + same body = the first answer again',
    }),
  );
