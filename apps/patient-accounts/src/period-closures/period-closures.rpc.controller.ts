import {
  ApplyPeriodClosureCommand,
  CallerContext,
  ListPeriodClosuresQueryDto,
  PeriodClosureListView,
  PeriodClosureRefCommand,
  PeriodClosureSubjects,
  ReopenPeriodClosureCommand,
} from '@dental/contracts';
import { applyClosure, listClosures, reopenClosure, revokeClosure } from '@dental/persistence';
import { RpcHandler } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/**
 * patient-accounts' copy of the period closures (DOMAIN.md E), applied and reopened by the gateway, which reads the
 * list from here; treatments, invoices and account closures refuse dates in a closed period with `assertPeriodOpen`
 * (the use cases are shared: libs/persistence period-closure).
 */
@Injectable()
export class PeriodClosuresRpcController {
  constructor(private readonly em: EntityManager) {}

  @RpcHandler(PeriodClosureSubjects.apply['patient-accounts'], ApplyPeriodClosureCommand)
  apply(cmd: ApplyPeriodClosureCommand, caller: CallerContext) {
    return applyClosure(this.em, {
      id: cmd.id,
      organizationId: caller.organizationId,
      clinicId: cmd.clinicId ?? null,
      through: cmd.through,
      createdBy: caller.userId,
    });
  }

  @RpcHandler(PeriodClosureSubjects.revoke['patient-accounts'], PeriodClosureRefCommand)
  revoke(cmd: PeriodClosureRefCommand, caller: CallerContext) {
    return revokeClosure(this.em, caller.organizationId, cmd.id);
  }

  @RpcHandler(PeriodClosureSubjects.reopen['patient-accounts'], ReopenPeriodClosureCommand)
  reopen(cmd: ReopenPeriodClosureCommand, caller: CallerContext) {
    return reopenClosure(this.em, {
      id: cmd.id,
      organizationId: caller.organizationId,
      reopenedBy: caller.userId,
      reason: cmd.reason,
      memo: cmd.memo ?? null,
    });
  }

  @RpcHandler(PeriodClosureSubjects.list, ListPeriodClosuresQueryDto)
  async list(q: ListPeriodClosuresQueryDto, caller: CallerContext): Promise<PeriodClosureListView> {
    return { items: await listClosures(this.em, caller.organizationId, caller.clinicIds, q.clinicId) };
  }
}
