import { Module } from '@nestjs/common';
import { HistoryController } from './history.controller';

/** GET /history/:subject/:id (API.md). */
@Module({ controllers: [HistoryController] })
export class HistoryHttpModule {}
