import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A clinic seen in a work order: which organization it belongs to, for the 404 of another organization's clinic. */
@Entity({ tableName: 'finance_clinic' })
export class FinanceClinic {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;
}
