import { SAMPLE, template } from '@dental/persistence';
import { PATIENT_PAYMENT } from '../patient-payments/patient-payment.entity';
import { WORK_ORDER_PAYMENT } from '../work-order-payments/work-order-payment.entity';

/** A table whose records have a history here. */
export type AuditedTable = typeof PATIENT_PAYMENT | typeof WORK_ORDER_PAYMENT;

const RECORD = [SAMPLE.uuid, SAMPLE.uuid2];

export const AuditSql = {
  /** The clinic of a record (deleted ones too: a deleted record keeps its history). */
  recordClinic: template(
    (table: AuditedTable) => `select clinic_id from ${table} where id = ? and organization_id = ?`,
    { args: [PATIENT_PAYMENT], sample: RECORD },
    { args: [WORK_ORDER_PAYMENT], sample: RECORD },
  ),
};
