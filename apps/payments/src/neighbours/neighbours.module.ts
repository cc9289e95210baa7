import { ServiceConfig } from '@dental/platform';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { PatientAccountsCopy } from './patient-accounts-copy';
import { PatientAccountsCopyEvents } from './patient-accounts-copy.events';
import { WorkOrdersCopy } from './work-orders-copy';
import { WorkOrdersCopyEvents } from './work-orders-copy.events';

/** How long payments waits for patient-accounts' fresher basis before it answers from its own copy. */
export const BASIS_TIMEOUT_MS = Symbol('BASIS_TIMEOUT_MS');
const BASIS_TIMEOUT_CAP_MS = 1500;

/**
 * payments' copies of its neighbours' data, kept from their events. Global so that the patient-payment and work-order-payment modules share them.
 */
@Global()
@Module({})
export class NeighboursModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: NeighboursModule,
      controllers: [PatientAccountsCopyEvents, WorkOrdersCopyEvents],
      providers: [
        PatientAccountsCopy,
        WorkOrdersCopy,
        { provide: BASIS_TIMEOUT_MS, useValue: Math.min(BASIS_TIMEOUT_CAP_MS, config.RPC_TIMEOUT_MS) },
      ],
      exports: [PatientAccountsCopy, WorkOrdersCopy, BASIS_TIMEOUT_MS],
    };
  }
}
