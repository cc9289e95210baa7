import { Module } from '@nestjs/common';
import { KnownTreatments } from './known-treatments';
import { KnownTreatmentsEvents } from './known-treatments.events';
import { SetWorkOrderTreatmentsHandler } from './set-work-order-treatments.handler';
import { TreatmentLinksRpcController } from './treatment-links.rpc.controller';

/** A lab case linked to its patient's treatments (DOMAIN.md D), and the copy of the treatments it is checked against. */
@Module({
  controllers: [TreatmentLinksRpcController, KnownTreatmentsEvents],
  providers: [KnownTreatments, SetWorkOrderTreatmentsHandler],
})
export class TreatmentLinksModule {}
