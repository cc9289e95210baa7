import { Module } from '@nestjs/common';
import { KnownTreatments } from './known-treatments';
import { SetWorkOrderTreatmentsHandler } from './set-work-order-treatments.handler';
import { TreatmentLinksRpcController } from './treatment-links.rpc.controller';

/** A lab case linked to its patient's treatments (DOMAIN.md D), and the copy of the treatments it is checked against. */
@Module({ providers: [KnownTreatments, SetWorkOrderTreatmentsHandler, TreatmentLinksRpcController] })
export class TreatmentLinksModule {}
