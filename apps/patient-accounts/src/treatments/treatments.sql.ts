import { SAMPLE, statement } from '@dental/persistence';

export const TreatmentsSql = {
  /** The organization's next invoice number: the counter row stays locked until the transaction ends. */
  nextInvoiceNumber: statement(
    `insert into invoice_counter (organization_id, last_number) values (?, 1)
  on conflict (organization_id) do update set last_number = invoice_counter.last_number + 1
  returning last_number`,
    [SAMPLE.uuid],
  ),
};
