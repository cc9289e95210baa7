import { AuthErrors, CallerContext, DomainError, PUBLIC_ROUTE } from '@dental/contracts';
import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import {
  CSRF_COOKIE,
  CSRF_HEADER,
  csrfTokenMatches,
  MUTATING_METHODS,
  parseCookies,
  SESSION_COOKIE,
} from './browser-session';
import { Principal, toCaller } from './principal';
import { InvalidTokenError, TokenService } from './token.service';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

type AuthedRequest = Request & { principal?: Principal; id?: string };

/**
 * Verifies the bearer token (or, without an Authorization header, a browser's `df_session` cookie) and puts its
 * principal on the request. Registered globally in the gateway, before the
 * gateway's role check (its role matrix), which needs the principal.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    // Bearer wins: a request with an Authorization header is judged by it alone, cookies or not
    const session = req.headers.authorization === undefined ? parseCookies(req.headers.cookie) : undefined;
    if (session?.[SESSION_COOKIE]) return this.fromSessionCookie(req, session);
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedException('a bearer token is required');
    try {
      req.principal = await this.tokens.verify(token);
    } catch (e) {
      throw new UnauthorizedException(e instanceof InvalidTokenError ? e.message : 'token invalid');
    }
    return true;
  }

  /** A browser's session cookie (POST /auth/session): its changes must echo the CSRF cookie in X-CSRF-Token. */
  private async fromSessionCookie(req: AuthedRequest, cookies: Record<string, string>): Promise<boolean> {
    try {
      req.principal = await this.tokens.verify(cookies[SESSION_COOKIE]);
    } catch (e) {
      const reason = e instanceof InvalidTokenError ? e.message : 'token invalid';
      throw new DomainError(AuthErrors.SESSION_EXPIRED, 401, `your session has ended (${reason}): sign in again`);
    }
    if (MUTATING_METHODS.has(req.method) && !csrfTokenMatches(cookies[CSRF_COOKIE], req.headers[CSRF_HEADER]))
      throw new DomainError(
        AuthErrors.CSRF_TOKEN_INVALID,
        403,
        `a change signed in by cookie needs the ${CSRF_HEADER} header equal to the ${CSRF_COOKIE} cookie`,
      );
    return true;
  }
}

/** The caller of the current HTTP request, as the services will see it. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): CallerContext => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw new UnauthorizedException('a bearer token is required');
  return toCaller(req.principal, String(req.id ?? randomUUID()));
});

/** The verified principal of the current HTTP request (roles, clinics, the physician the user is). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw new UnauthorizedException('a bearer token is required');
  return req.principal;
});
