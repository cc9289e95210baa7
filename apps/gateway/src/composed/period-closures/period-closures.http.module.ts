import { Module } from '@nestjs/common';
import { PeriodClosuresController } from './period-closures.controller';

@Module({ controllers: [PeriodClosuresController] })
export class PeriodClosuresHttpModule {}
