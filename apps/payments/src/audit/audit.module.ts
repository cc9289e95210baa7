import { Module } from '@nestjs/common';
import { AuditRpcController } from './audit.rpc.controller';
import { RecordHistoryHandler } from './record-history/record-history.handler';

@Module({ controllers: [AuditRpcController], providers: [RecordHistoryHandler] })
export class AuditModule {}
