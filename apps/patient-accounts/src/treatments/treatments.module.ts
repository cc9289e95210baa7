import { Module } from '@nestjs/common';
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
import { TreatmentsRpcController } from './treatments.rpc.controller';

@Module({
  controllers: [TreatmentsRpcController],
  providers: [
    CreateTreatmentHandler,
    UpdateTreatmentHandler,
    DeleteTreatmentHandler,
    CreateTreatmentPlanHandler,
    CopyPlanToTreatmentsHandler,
    ListTreatmentPlansHandler,
    CreateInvoiceHandler,
    CancelInvoiceHandler,
  ],
})
export class TreatmentsModule {}
