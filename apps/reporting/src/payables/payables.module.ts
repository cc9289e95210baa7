import type { MigrationList } from '@dental/persistence';
import type { EntityClass } from '@mikro-orm/core';
import { Module } from '@nestjs/common';
import { Migration20261214140000Payables } from './migrations/Migration20261214140000_payables';
import { PayablesEventHandlers } from './projection/payables.event-handlers';
import { PayablesProjection } from './projection/payables-projection';
import { PayablesAgingHandler } from './queries/payables-aging.handler';
import { PAYABLES_ENTITIES } from './read-models/payables-tables.entity';
import { PayablesRpcController } from './payables.rpc.controller';

/** Payables aging (DOMAIN.md D, issue 14): installments and dated payments kept from events, and the query. */
@Module({
  controllers: [PayablesEventHandlers, PayablesRpcController],
  providers: [PayablesProjection, PayablesAgingHandler],
})
export class PayablesModule {}

export const payablesEntities: EntityClass<unknown>[] = PAYABLES_ENTITIES;
export const payablesMigrations: MigrationList = [
  { name: 'Migration20261214140000_payables', class: Migration20261214140000Payables },
];
