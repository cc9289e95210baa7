import { DynamicModule, Global, Module } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { BusNaming } from './bus-naming';
import type { MessagingOptions } from './messaging.options';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { RpcClient } from './rpc/rpc-client';
import { BusServer } from './transport/bus.server';
import { ServiceMetrics } from './metrics';
import {
  BUS_NAMING,
  MESSAGING_OPTIONS,
  NATS_CONNECTION,
  RPC_TIMEOUT_MS,
  SERVICE_METRICS,
  SERVICE_NAME,
} from './tokens';

/**
 * The bus of one service: its Nest transport (BusServer: requests and event consumers), the RPC client, the outbox and
 * its relay. Needs MikroORM in the app; startService connects the BusServer as the app's microservice.
 */
@Global()
@Module({})
export class MessagingModule {
  static forService(nc: NatsConnection, naming: BusNaming, options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: NATS_CONNECTION, useValue: nc },
        { provide: BUS_NAMING, useValue: naming },
        { provide: SERVICE_NAME, useValue: options.service },
        { provide: RPC_TIMEOUT_MS, useValue: options.rpcTimeoutMs },
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: SERVICE_METRICS, useValue: new ServiceMetrics(options.service) },
        RpcClient,
        BusServer,
        Outbox,
        OutboxRelay,
      ],
      exports: [NATS_CONNECTION, BUS_NAMING, SERVICE_NAME, SERVICE_METRICS, RpcClient, Outbox, OutboxRelay, BusServer],
    };
  }
}
