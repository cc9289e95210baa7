import { Principal } from '@dental/auth';
import { PUBLIC_ROUTE } from '@dental/contracts';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { mayCall, ROLE_MATRIX, RouteAccess, ruleOf } from './role-matrix';

const API_PREFIX = '/api/v1';

/** The route's template as the role matrix names it: `GET /patients/:id/payments`. */
export function routeKeyOf(req: Request): { method: string; path: string } {
  const template = String((req.route as { path?: string } | undefined)?.path ?? req.path);
  return { method: req.method, path: template.startsWith(API_PREFIX) ? template.slice(API_PREFIX.length) : template };
}

/**
 * The one check of who may call what (ROLE_MATRIX), after AuthGuard has verified the token. A route missing from the
 * matrix is refused to all but admins: a new route must say who may use it.
 */
@Injectable()
export class RoleMatrixGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]))
      return true;
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const { method, path } = routeKeyOf(req);
    const rule = ruleOf(method, path);
    const roles = req.principal?.roles ?? [];
    if (mayCall(rule, roles)) return true;
    throw new ForbiddenException(
      rule ? `this needs one of the roles: ${describe(rule.access)}` : 'this route is open to admins only',
    );
  }
}

function describe(access: RouteAccess): string {
  return typeof access === 'string' ? access : ['admin', ...access].join(', ');
}

export { ROLE_MATRIX };
