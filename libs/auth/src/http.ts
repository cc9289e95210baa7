import { CallerContext, PUBLIC_ROUTE, Role } from '@dental/contracts';
import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { Principal, toCaller } from './principal';
import { InvalidTokenError, TokenService } from './token.service';

const ROLES_KEY = Symbol('roles');

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Only these roles may call the route; `admin` may always. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

type AuthedRequest = Request & { principal?: Principal; id?: string };

/** Verifies the bearer token, then the route's roles. Registered globally in the gateway. */
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
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !req.principal.roles.some((r) => r === 'admin' || allowed.includes(r))) {
      throw new ForbiddenException(`this needs one of the roles: ${['admin', ...allowed].join(', ')}`);
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
