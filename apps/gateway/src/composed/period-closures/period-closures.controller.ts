import { Caller } from '@dental/auth';
import {
  ApplyPeriodClosureCommand,
  AuthErrors,
  CallerContext,
  ClinicSubjects,
  ClinicView,
  ClosePeriodDto,
  CommonErrors,
  DomainError,
  IdempotencyErrors,
  ListPeriodClosuresQueryDto,
  PeriodClosureApplied,
  PeriodClosureErrors,
  PeriodClosureListView,
  PeriodClosureOwner,
  PeriodClosureSubjects,
  PeriodClosureView,
  ReopenLatestPeriodClosureQueryDto,
  ReopenPeriodClosureCommand,
} from '@dental/contracts';
import { RequestContext, RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Logger, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createHash, randomUUID } from 'node:crypto';
import { Idempotent } from '../../http/idempotency.interceptor';
import { ApiAnswer, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';

/** payments and work-orders first, patient-accounts (which the list is read from) last: it shows a closure only once
 * the others hold it, and a reopen retried after a failure finds the same latest closure again. */
const FIRST: PeriodClosureOwner[] = ['payments', 'work-orders'];
const LAST: PeriodClosureOwner = 'patient-accounts';

/**
 * The closure's id: random, or with an Idempotency-Key derived from it (per organization and user), so a retry applies
 * the same closure again on every owner (a no-op where it is stored) and finishes what a fault left half done.
 */
function closureId(caller: CallerContext, key: string | undefined): string {
  if (!key) return randomUUID();
  const h = createHash('sha256')
    .update(`period-closure\n${caller.organizationId}\n${caller.userId}\n${key}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Period close (DOMAIN.md E). Each owner of dated records (payments, work-orders, patient-accounts) keeps its own copy
 * of the closures and refuses writes into a closed period in the writer's own transaction; the gateway applies a
 * closure on all three and answers once all three hold it.
 */
@ApiTags('period-closures')
@ApiBearerAuth()
@Controller('period-closures')
export class PeriodClosuresController {
  private readonly log = new Logger(PeriodClosuresController.name);

  constructor(private readonly rpc: RpcClient) {}

  @ApiOperation({
    operationId: 'closePeriod',
    summary: 'Close a clinic (or every clinic) through a date: records dated on or before it are locked',
  })
  @ApiAnswer(V.PeriodClosure, 'the closure, held by every service')
  @ApiErrors(IdempotencyErrors.KEY_REUSED)
  @Idempotent()
  @Post()
  async close(@Body() dto: ClosePeriodDto, @Caller() caller: CallerContext): Promise<PeriodClosureView> {
    const clinicId = dto.clinicId ? await this.visibleClinic(dto.clinicId, caller) : null;
    if (clinicId === null && caller.clinicIds !== '*')
      throw new DomainError(
        AuthErrors.FORBIDDEN,
        403,
        'closing every clinic needs access to every clinic of the organization: give clinicId',
      );
    const key = RequestContext.current()?.idempotency?.key;
    const cmd: ApplyPeriodClosureCommand = { id: closureId(caller, key), clinicId, through: dto.through };
    // the owners that stored it in this request (a retry's owners that held it already are not taken back)
    const created: PeriodClosureOwner[] = [];
    let unknown = false;
    const apply = async (owner: PeriodClosureOwner) => {
      try {
        const applied = await this.rpc.request<PeriodClosureApplied>(PeriodClosureSubjects.apply[owner], cmd, caller);
        if (applied.created) created.push(owner);
        return applied.closure;
      } catch (e) {
        if (e instanceof DomainError && e.code === CommonErrors.OUTCOME_UNKNOWN) {
          unknown = true;
          created.push(owner); // it may have been stored
        }
        throw e;
      }
    };
    try {
      const first = await Promise.allSettled(FIRST.map(apply));
      const failed = first.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return await apply(LAST);
    } catch (e) {
      // an owner that did not answer, with a key: the client's retry (503 OUTCOME_UNKNOWN) finishes the closure;
      // otherwise what this request stored is taken back, so no owner holds a closure the others do not
      if (!(unknown && key)) await this.revoke(cmd.id, created, caller);
      throw e;
    }
  }

  @ApiOperation({ operationId: 'listPeriodClosures', summary: 'The period closures, newest first (reopened ones too)' })
  @ApiAnswer(V.PeriodClosureList, 'the closures')
  @Get()
  list(@Query() query: ListPeriodClosuresQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<PeriodClosureListView>(PeriodClosureSubjects.list, query, caller);
  }

  @ApiOperation({
    operationId: 'reopenLatestPeriodClosure',
    summary: 'Reopen the latest open closure of a clinic (or the all-clinics one), with a reason (admin)',
  })
  @ApiAnswer(V.PeriodClosure, 'the closure, reopened')
  @ApiErrors(PeriodClosureErrors.NO_OPEN_CLOSURE)
  @Delete('latest')
  async reopenLatest(
    @Query() query: ReopenLatestPeriodClosureQueryDto,
    @Caller() caller: CallerContext,
  ): Promise<PeriodClosureView> {
    const scope = query.clinicId ?? null;
    const { items } = await this.rpc.request<PeriodClosureListView>(
      PeriodClosureSubjects.list,
      query.clinicId ? { clinicId: query.clinicId } : {},
      caller,
    );
    const latest = items.find((c) => c.reopenedAt === null && c.clinicId === scope);
    if (!latest)
      throw new DomainError(
        PeriodClosureErrors.NO_OPEN_CLOSURE,
        404,
        scope
          ? `clinic ${scope} has no open period closure to reopen`
          : 'there is no open all-clinics period closure to reopen',
      );
    const cmd: ReopenPeriodClosureCommand = { id: latest.id, reason: query.reason, memo: query.memo ?? null };
    await Promise.all(FIRST.map((owner) => this.rpc.request(PeriodClosureSubjects.reopen[owner], cmd, caller)));
    const reopened = await this.rpc.request<PeriodClosureView | null>(PeriodClosureSubjects.reopen[LAST], cmd, caller);
    return reopened ?? latest;
  }

  /** A clinic of the caller's (a token's list, or any clinic of the organization for `*`): else 404 like everywhere. */
  private async visibleClinic(clinicId: string, caller: CallerContext): Promise<string> {
    const id = clinicId.toLowerCase();
    const notFound = () =>
      new DomainError(CommonErrors.FORBIDDEN_CLINIC, 404, `clinicId: clinic ${clinicId} was not found`, [
        { field: 'clinicId', reasons: ['is not one of your clinics'] },
      ]);
    if (caller.clinicIds !== '*' && !caller.clinicIds.includes(id)) throw notFound();
    try {
      await this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId: id }, caller);
    } catch (e) {
      if (e instanceof DomainError && e.status === 404) throw notFound();
      throw e;
    }
    return id;
  }

  /** Compensation, best effort: the owners that stored the closure in this request drop it again. */
  private async revoke(id: string, owners: PeriodClosureOwner[], caller: CallerContext): Promise<void> {
    await Promise.all(
      owners.map((owner) =>
        this.rpc.request(PeriodClosureSubjects.revoke[owner], { id }, caller).catch((e: Error) => {
          this.log.warn(
            `revoke of period closure ${id} on ${owner} failed (${e.message}); a retry with the same key finishes it`,
          );
        }),
      ),
    );
  }
}
