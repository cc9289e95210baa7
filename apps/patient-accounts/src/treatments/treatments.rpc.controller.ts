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
import { IDEMPOTENT, RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import {
  CancelInvoiceHandler,
  CopyPlanToTreatmentsHandler,
  CreateInvoiceHandler,
  CreateTreatmentHandler,
  CreateTreatmentPlanHandler,
  DeleteTreatmentHandler,
  UpdateTreatmentHandler,
} from './treatments.handlers';
import { ListTreatmentPlansHandler } from './list-treatment-plans/list-treatment-plans.handler';

/** NATS transport of the treatment, plan and invoice use cases. */
@Injectable()
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

  @RpcHandler(PatientAccountSubjects.createTreatment, CreateTreatmentCommand, IDEMPOTENT)
  createTreatment(cmd: CreateTreatmentCommand, caller: CallerContext) {
    return this.create.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.updateTreatment, UpdateTreatmentCommand, IDEMPOTENT)
  updateTreatment(cmd: UpdateTreatmentCommand, caller: CallerContext) {
    return this.update.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.deleteTreatment, DeleteTreatmentCommand, IDEMPOTENT)
  deleteTreatment(cmd: DeleteTreatmentCommand, caller: CallerContext) {
    return this.remove.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.createTreatmentPlan, CreateTreatmentPlanCommand, IDEMPOTENT)
  createTreatmentPlan(cmd: CreateTreatmentPlanCommand, caller: CallerContext) {
    return this.createPlan.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.copyPlanToTreatments, CopyPlanToTreatmentsCommand, IDEMPOTENT)
  copyPlanToTreatments(cmd: CopyPlanToTreatmentsCommand, caller: CallerContext) {
    return this.copyPlan.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.listTreatmentPlans, PatientIdDto)
  listTreatmentPlans(query: PatientIdDto, caller: CallerContext) {
    return this.listPlans.execute(query, caller);
  }

  @RpcHandler(PatientAccountSubjects.createInvoice, CreateInvoiceCommand, IDEMPOTENT)
  createInvoice(cmd: CreateInvoiceCommand, caller: CallerContext) {
    return this.issueInvoice.execute(cmd, caller);
  }

  @RpcHandler(PatientAccountSubjects.cancelInvoice, CancelInvoiceCommand, IDEMPOTENT)
  cancelInvoice(cmd: CancelInvoiceCommand, caller: CallerContext) {
    return this.cancel.execute(cmd, caller);
  }
}
