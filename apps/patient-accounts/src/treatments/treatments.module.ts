import { Module } from '@nestjs/common';
import { CancelInvoiceHandler } from './cancel-invoice/cancel-invoice.handler';
import { CopyPlanToTreatmentsHandler } from './copy-plan-to-treatments/copy-plan-to-treatments.handler';
import { CreateInvoiceHandler } from './create-invoice/create-invoice.handler';
import { CreateTreatmentPlanHandler } from './create-treatment-plan/create-treatment-plan.handler';
import { CreateTreatmentHandler } from './create-treatment/create-treatment.handler';
import { DeleteTreatmentHandler } from './delete-treatment/delete-treatment.handler';
import { UpdateTreatmentHandler } from './update-treatment/update-treatment.handler';
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
