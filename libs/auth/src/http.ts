import { CallerContext, PUBLIC_ROUTE } from '@dental/contracts';
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
import { Principal, toCaller } from './principal';
import { InvalidTokenError, TokenService } from './token.service';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

type AuthedRequest = Request & { principal?: Principal; id?: string };

/**
 * Verifies the bearer token and puts its principal on the request. Registered globally in the gateway, before the
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
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedException('a bearer token is required');
    try {
      req.principal = await this.tokens.verify(token);
    } catch (e) {
      throw new UnauthorizedException(e instanceof InvalidTokenError ? e.message : 'token invalid');
    }
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
