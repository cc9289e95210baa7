import { CallerContext, SetWorkOrderTreatmentsCommand, WorkOrderTreatmentSubjects } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { SetWorkOrderTreatmentsHandler } from './set-work-order-treatments.handler';

/** NATS transport of the lab case ↔ treatment links. */
@Injectable()
export class TreatmentLinksRpcController {
  constructor(private readonly setTreatments: SetWorkOrderTreatmentsHandler) {}

  @RpcHandler(WorkOrderTreatmentSubjects.setTreatments, SetWorkOrderTreatmentsCommand)
  setWorkOrderTreatments(cmd: SetWorkOrderTreatmentsCommand, caller: CallerContext) {
    return this.setTreatments.execute(cmd, caller);
  }
}
