import { AccountEventContracts } from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Payload } from '@nestjs/microservices';
import { UnlockPatientMoneyHandler } from './unlock-patient-money.handler';

/** The events that reopen the money of UnlockPatientMoneyHandler, handed to it in the consumer batch's transaction. */
@EventsController()
export class UnlockPatientMoneyEvents {
  constructor(private readonly target: UnlockPatientMoneyHandler) {}

  @Handles(AccountEventContracts.accountReopened)
  onAccountReopened(
    @Payload() event: Parameters<UnlockPatientMoneyHandler['onAccountReopened']>[0],
    @Tx() em: EntityManager,
  ): Promise<void> {
    return this.target.onAccountReopened(event, em);
  }
}
