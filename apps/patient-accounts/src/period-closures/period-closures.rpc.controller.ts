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
import { BusController, Caller } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';

import { MessagePattern, Payload } from '@nestjs/microservices';

/**
 * patient-accounts' copy of the period closures (DOMAIN.md E), applied and reopened by the gateway, which reads the
 * list from here; treatments, invoices and account closures refuse dates in a closed period with `assertPeriodOpen`
 * (the use cases are shared: libs/persistence period-closure).
 */
@BusController()
export class PeriodClosuresRpcController {
  constructor(private readonly em: EntityManager) {}

  @MessagePattern(PeriodClosureSubjects.apply['patient-accounts'])
  apply(@Payload() cmd: ApplyPeriodClosureCommand, @Caller() caller: CallerContext) {
    return applyClosure(this.em, {
      id: cmd.id,
      organizationId: caller.organizationId,
      clinicId: cmd.clinicId ?? null,
      through: cmd.through,
      createdBy: caller.userId,
    });
  }

  @MessagePattern(PeriodClosureSubjects.revoke['patient-accounts'])
  revoke(@Payload() cmd: PeriodClosureRefCommand, @Caller() caller: CallerContext) {
    return revokeClosure(this.em, caller.organizationId, cmd.id);
  }

  @MessagePattern(PeriodClosureSubjects.reopen['patient-accounts'])
  reopen(@Payload() cmd: ReopenPeriodClosureCommand, @Caller() caller: CallerContext) {
    return reopenClosure(this.em, {
      id: cmd.id,
      organizationId: caller.organizationId,
      reopenedBy: caller.userId,
      reason: cmd.reason,
      memo: cmd.memo ?? null,
    });
  }

  @MessagePattern(PeriodClosureSubjects.list)
  async list(
    @Payload() q: ListPeriodClosuresQueryDto,
    @Caller() caller: CallerContext,
  ): Promise<PeriodClosureListView> {
    return { items: await listClosures(this.em, caller.organizationId, caller.clinicIds, q.clinicId) };
  }
}
