import { Module } from '@nestjs/common';
import { GetRecordHistoryHandler } from './get-history/get-history.handler';
import { HistoryRpcController } from './history.rpc.controller';

@Module({ controllers: [HistoryRpcController], providers: [GetRecordHistoryHandler] })
export class HistoryModule {}
