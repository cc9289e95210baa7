import { Module } from '@nestjs/common';
import { PeriodClosuresRpcController } from './period-closures.rpc.controller';

@Module({ providers: [PeriodClosuresRpcController] })
export class PeriodClosuresModule {}
