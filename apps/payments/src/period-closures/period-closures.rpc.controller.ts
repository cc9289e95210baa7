import {
  ApplyPeriodClosureCommand,
  CallerContext,
  PeriodClosureRefCommand,
  PeriodClosureSubjects,
  ReopenPeriodClosureCommand,
} from '@dental/contracts';
import { applyClosure, reopenClosure, revokeClosure } from '@dental/persistence';
import { BusController, Caller } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';

import { MessagePattern, Payload } from '@nestjs/microservices';

/**
 * payments' copy of the period closures (DOMAIN.md E), applied and reopened by the gateway; every writer of money
 * refuses dates in a closed period with `assertPeriodOpen` (the use cases are shared: libs/persistence period-closure).
 */
@BusController()
export class PeriodClosuresRpcController {
  constructor(private readonly em: EntityManager) {}

  @MessagePattern(PeriodClosureSubjects.apply.payments)
  apply(@Payload() cmd: ApplyPeriodClosureCommand, @Caller() caller: CallerContext) {
    return applyClosure(this.em, {
      id: cmd.id,
      organizationId: caller.organizationId,
      clinicId: cmd.clinicId ?? null,
      through: cmd.through,
      createdBy: caller.userId,
    });
  }

  @MessagePattern(PeriodClosureSubjects.revoke.payments)
  revoke(@Payload() cmd: PeriodClosureRefCommand, @Caller() caller: CallerContext) {
    return revokeClosure(this.em, caller.organizationId, cmd.id);
  }

  @MessagePattern(PeriodClosureSubjects.reopen.payments)
  reopen(@Payload() cmd: ReopenPeriodClosureCommand, @Caller() caller: CallerContext) {
    return reopenClosure(this.em, {
      id: cmd.id,
      organizationId: caller.organizationId,
      reopenedBy: caller.userId,
      reason: cmd.reason,
      memo: cmd.memo ?? null,
    });
  }
}
