import type { MigrationList } from '@dental/persistence';
import type { EntityClass } from '@mikro-orm/core';
import { Module } from '@nestjs/common';

/** Account Book and Progress Payment read models (issue 5). */
@Module({})
export class ReportsModule {}

export const reportsEntities: EntityClass<unknown>[] = [];
export const reportsMigrations: MigrationList = [];
