import { Module } from '@nestjs/common';
import { PeriodClosuresRpcController } from './period-closures.rpc.controller';

@Module({ controllers: [PeriodClosuresRpcController], providers: [] })
export class PeriodClosuresModule {}
