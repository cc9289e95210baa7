import { SAMPLE, statement } from '@dental/persistence';

export const WorkOrdersSql = {
  /**
   * The organization's next work-order number: the update locks the counter row until the transaction ends, so
   * numbers never repeat, and a transaction that rolls back gives its number back.
   */
  nextNumber: statement(
    `insert into work_order_counter (organization_id, last_number) values (?, 1)
  on conflict (organization_id) do update set last_number = work_order_counter.last_number + 1
  returning last_number`,
    [SAMPLE.uuid],
  ),
};
