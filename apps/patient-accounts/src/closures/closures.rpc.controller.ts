import { AccountSubjects, CallerContext, CloseAccountCommand, UndoClosureCommand } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { CloseAccountHandler } from './close-account/close-account.handler';
import { UndoLatestClosureHandler } from './undo-latest-closure/undo-latest-closure.handler';

/** NATS transport of closing an account and undoing the latest closure. */
@Injectable()
export class ClosuresRpcController {
  constructor(
    private readonly close: CloseAccountHandler,
    private readonly undo: UndoLatestClosureHandler,
  ) {}

  @RpcHandler(AccountSubjects.closeAccount, CloseAccountCommand)
  closeAccount(cmd: CloseAccountCommand, caller: CallerContext) {
    return this.close.execute(cmd, caller);
  }

  @RpcHandler(AccountSubjects.undoLatestClosure, UndoClosureCommand)
  undoLatestClosure(cmd: UndoClosureCommand, caller: CallerContext) {
    return this.undo.execute(cmd, caller);
  }
}
