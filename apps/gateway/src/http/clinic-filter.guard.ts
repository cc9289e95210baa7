import { Principal } from '@dental/auth';
import { CallerContext, ClinicSubjects, ClinicView, CommonErrors, DomainError, PUBLIC_ROUTE } from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one rule for a `clinicId` filter in a query: a clinic outside the caller's clinics (another organization's, one
 * the token does not list, or none at all) is a 404 `TENANT.CLINIC_NOT_FOUND` on every route, never an empty list on
 * some and a 404 on others. For callers of every clinic (`*`) payments, which keeps the clinics, is asked once per
 * clinic id and the ones that exist are remembered (while payments is down such a caller's filter is let through: it
 * can only narrow their own organization's data).
 */
@Injectable()
export class ClinicFilterGuard implements CanActivate {
  /** Clinics seen to exist, per organization (clinics are never deleted). */
  private readonly known = new Map<string, Set<string>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly rpc: RpcClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]))
      return true;
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const clinicId = req.query?.clinicId;
    // absent or malformed: the route's validation names it
    if (typeof clinicId !== 'string' || !UUID.test(clinicId) || !req.principal) return true;
    const { principal } = req;
    const visible =
      principal.clinicIds === '*'
        ? await this.isClinicOf(principal, clinicId)
        : principal.clinicIds.includes(clinicId.toLowerCase());
    if (!visible)
      throw new DomainError(CommonErrors.FORBIDDEN_CLINIC, 404, `clinicId: clinic ${clinicId} was not found`, [
        { field: 'clinicId', reasons: ['is not one of your clinics'] },
      ]);
    return true;
  }

  private async isClinicOf(principal: Principal, clinicId: string): Promise<boolean> {
    const id = clinicId.toLowerCase();
    const known = this.known.get(principal.organizationId);
    if (known?.has(id)) return true;
    const caller: CallerContext = {
      organizationId: principal.organizationId,
      clinicIds: '*',
      userId: principal.userId,
      roles: principal.roles,
      correlationId: randomUUID(),
    };
    try {
      await this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId: id }, caller);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.status === 404) return false;
      // payments is down: a caller of every clinic may filter by any id, it can only narrow what they may see anyway
      if (e.status === 503) return true;
      throw e;
    }
    this.known.set(principal.organizationId, new Set([...(known ?? []), id]));
    return true;
  }
}
