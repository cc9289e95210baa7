import { Module } from '@nestjs/common';
import { LabsController } from './labs.controller';
import { WorkOrdersController } from './work-orders.controller';

/** Labs and work orders (API.md): forwarded to `work-orders`; the details page also asks `payments`. */
@Module({ controllers: [LabsController, WorkOrdersController] })
export class WorkOrdersHttpModule {}
