import { AccountSubjects, CallerContext, CloseAccountCommand, UndoClosureCommand } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CloseAccountHandler } from './close-account/close-account.handler';
import { UndoLatestClosureHandler } from './undo-latest-closure/undo-latest-closure.handler';

/** NATS transport of closing an account and undoing the latest closure. */
@BusController()
export class ClosuresRpcController {
  constructor(
    private readonly close: CloseAccountHandler,
    private readonly undo: UndoLatestClosureHandler,
  ) {}

  @MessagePattern(AccountSubjects.closeAccount)
  closeAccount(@Payload() cmd: CloseAccountCommand, @Caller() caller: CallerContext) {
    return this.close.execute(cmd, caller);
  }

  @MessagePattern(AccountSubjects.undoLatestClosure)
  undoLatestClosure(@Payload() cmd: UndoClosureCommand, @Caller() caller: CallerContext) {
    return this.undo.execute(cmd, caller);
  }
}
