import { Module } from '@nestjs/common';
import { Channels } from './channels/channels';
import { DeliveriesRpcController } from './deliveries.rpc.controller';
import { ListDeliveriesHandler } from './list-deliveries/list-deliveries.handler';
import { SendDeliveries } from './send-deliveries/send-deliveries';

@Module({
  controllers: [DeliveriesRpcController],
  providers: [Channels, SendDeliveries, ListDeliveriesHandler],
  exports: [SendDeliveries],
})
export class DeliveriesModule {}
