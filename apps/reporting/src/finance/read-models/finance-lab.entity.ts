import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A dental lab as last seen in `work-orders.lab.*` (the newest revision). */
@Entity({ tableName: 'finance_lab' })
export class FinanceLab {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
