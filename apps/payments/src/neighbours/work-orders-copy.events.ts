import { WorkOrderEventContracts } from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Payload } from '@nestjs/microservices';
import { WorkOrdersCopy } from './work-orders-copy';

/** The events that keep WorkOrdersCopy up to date, handed to it in the consumer batch's transaction. */
@EventsController()
export class WorkOrdersCopyEvents {
  constructor(private readonly target: WorkOrdersCopy) {}

  @Handles(WorkOrderEventContracts.workOrderCreated)
  onCreated(@Payload() event: Parameters<WorkOrdersCopy['onCreated']>[0], @Tx() em: EntityManager): Promise<void> {
    return this.target.onCreated(event, em);
  }

  @Handles(WorkOrderEventContracts.workOrderUpdated)
  onUpdated(@Payload() event: Parameters<WorkOrdersCopy['onUpdated']>[0], @Tx() em: EntityManager): Promise<void> {
    return this.target.onUpdated(event, em);
  }
}
