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
import { TreatmentsRpcController } from './treatments.rpc.controller';

@Module({
  providers: [
    TreatmentsRpcController,
    CreateTreatmentHandler,
    UpdateTreatmentHandler,
    DeleteTreatmentHandler,
    CreateTreatmentPlanHandler,
    CopyPlanToTreatmentsHandler,
    CreateInvoiceHandler,
    CancelInvoiceHandler,
  ],
})
export class TreatmentsModule {}
