import {
  ApplyPeriodClosureCommand,
  CallerContext,
  PeriodClosureRefCommand,
  PeriodClosureSubjects,
  ReopenPeriodClosureCommand,
} from '@dental/contracts';
import { applyClosure, reopenClosure, revokeClosure } from '@dental/persistence';
import { RpcHandler } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/**
 * work-orders' copy of the period closures (DOMAIN.md E), applied and reopened by the gateway; the writers of work orders
 * refuses dates in a closed period with `assertPeriodOpen` (the use cases are shared: libs/persistence period-closure).
 */
@Injectable()
export class PeriodClosuresRpcController {
  constructor(private readonly em: EntityManager) {}

  @RpcHandler(PeriodClosureSubjects.apply['work-orders'], ApplyPeriodClosureCommand)
  apply(cmd: ApplyPeriodClosureCommand, caller: CallerContext) {
    return applyClosure(this.em, {
      id: cmd.id,
      organizationId: caller.organizationId,
      clinicId: cmd.clinicId ?? null,
      through: cmd.through,
      createdBy: caller.userId,
    });
  }

  @RpcHandler(PeriodClosureSubjects.revoke['work-orders'], PeriodClosureRefCommand)
  revoke(cmd: PeriodClosureRefCommand, caller: CallerContext) {
    return revokeClosure(this.em, caller.organizationId, cmd.id);
  }

  @RpcHandler(PeriodClosureSubjects.reopen['work-orders'], ReopenPeriodClosureCommand)
  reopen(cmd: ReopenPeriodClosureCommand, caller: CallerContext) {
    return reopenClosure(this.em, {
      id: cmd.id,
      organizationId: caller.organizationId,
      reopenedBy: caller.userId,
      reason: cmd.reason,
      memo: cmd.memo ?? null,
    });
  }
}
