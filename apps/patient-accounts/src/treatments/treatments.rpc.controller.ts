import {
  CallerContext,
  CancelInvoiceCommand,
  CopyPlanToTreatmentsCommand,
  CreateInvoiceCommand,
  CreateTreatmentCommand,
  CreateTreatmentPlanCommand,
  DeleteTreatmentCommand,
  PatientAccountSubjects,
  PatientIdDto,
  UpdateTreatmentCommand,
} from '@dental/contracts';
import { BusController, Caller, IDEMPOTENT } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { CancelInvoiceHandler } from './cancel-invoice/cancel-invoice.handler';
import { CopyPlanToTreatmentsHandler } from './copy-plan-to-treatments/copy-plan-to-treatments.handler';
import { CreateInvoiceHandler } from './create-invoice/create-invoice.handler';
import { CreateTreatmentPlanHandler } from './create-treatment-plan/create-treatment-plan.handler';
import { CreateTreatmentHandler } from './create-treatment/create-treatment.handler';
import { DeleteTreatmentHandler } from './delete-treatment/delete-treatment.handler';
import { UpdateTreatmentHandler } from './update-treatment/update-treatment.handler';
import { ListTreatmentPlansHandler } from './list-treatment-plans/list-treatment-plans.handler';

/** NATS transport of the treatment, plan and invoice use cases. */
@BusController()
export class TreatmentsRpcController {
  constructor(
    private readonly create: CreateTreatmentHandler,
    private readonly update: UpdateTreatmentHandler,
    private readonly remove: DeleteTreatmentHandler,
    private readonly createPlan: CreateTreatmentPlanHandler,
    private readonly copyPlan: CopyPlanToTreatmentsHandler,
    private readonly listPlans: ListTreatmentPlansHandler,
    private readonly issueInvoice: CreateInvoiceHandler,
    private readonly cancel: CancelInvoiceHandler,
  ) {}

  @MessagePattern(PatientAccountSubjects.createTreatment, IDEMPOTENT)
  createTreatment(@Payload() cmd: CreateTreatmentCommand, @Caller() caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.updateTreatment, IDEMPOTENT)
  updateTreatment(@Payload() cmd: UpdateTreatmentCommand, @Caller() caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.deleteTreatment, IDEMPOTENT)
  deleteTreatment(@Payload() cmd: DeleteTreatmentCommand, @Caller() caller: CallerContext) {
    return this.remove.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.createTreatmentPlan, IDEMPOTENT)
  createTreatmentPlan(@Payload() cmd: CreateTreatmentPlanCommand, @Caller() caller: CallerContext) {
    return this.createPlan.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.copyPlanToTreatments, IDEMPOTENT)
  copyPlanToTreatments(@Payload() cmd: CopyPlanToTreatmentsCommand, @Caller() caller: CallerContext) {
    return this.copyPlan.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.listTreatmentPlans)
  listTreatmentPlans(@Payload() query: PatientIdDto, @Caller() caller: CallerContext) {
    return this.listPlans.execute(query, caller);
  }

  @MessagePattern(PatientAccountSubjects.createInvoice, IDEMPOTENT)
  createInvoice(@Payload() cmd: CreateInvoiceCommand, @Caller() caller: CallerContext) {
    return this.issueInvoice.execute(cmd, caller);
  }

  @MessagePattern(PatientAccountSubjects.cancelInvoice, IDEMPOTENT)
  cancelInvoice(@Payload() cmd: CancelInvoiceCommand, @Caller() caller: CallerContext) {
    return this.cancel.execute(cmd, caller);
  }
}
