import { CallerContext, SetWorkOrderTreatmentsCommand, WorkOrderTreatmentSubjects } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { SetWorkOrderTreatmentsHandler } from './set-work-order-treatments.handler';

/** NATS transport of the lab case ↔ treatment links. */
@BusController()
export class TreatmentLinksRpcController {
  constructor(private readonly setTreatments: SetWorkOrderTreatmentsHandler) {}

  @MessagePattern(WorkOrderTreatmentSubjects.setTreatments)
  setWorkOrderTreatments(@Payload() cmd: SetWorkOrderTreatmentsCommand, @Caller() caller: CallerContext) {
    return this.setTreatments.execute(cmd, caller);
  }
}
