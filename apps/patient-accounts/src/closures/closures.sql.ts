import { SAMPLE, statement } from '@dental/persistence';

export const ClosuresSql = {
  /** The date of the patient's latest closure; null = never closed. */
  closedThrough: statement('select max(date)::text as through from account_closure where patient_id = ?', [
    SAMPLE.uuid,
  ]),

  /**
   * The patient's treatments dated on or before a closure's date (Bank Cost treatments left out: payments counts
   * them), and what earlier closures wrote off.
   */
  closureSums: statement(
    `select
             (select coalesce(sum(amount_minor), 0)::text from treatment
               where patient_id = ? and deleted_at is null and date <= ? and source_payment_id is null) as treatments,
             (select coalesce(sum(written_off_minor), 0)::text from account_closure where patient_id = ?) as written_off`,
    [SAMPLE.uuid, SAMPLE.date, SAMPLE.uuid],
  ),
};
