import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

// The read models as MikroORM knows them; the projection and the queries use set-based SQL on these tables.

/** A clinic from `payments.clinic.created`. */
@Entity({ tableName: 'report_clinic' })
export class ReportClinic {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'text' })
  timeZone: string;

  @Property({ type: 'text' })
  locale: string;
}

/** A patient payment's newest revision (tombstone when deleted). Amounts in minor units. */
@Entity({ tableName: 'report_patient_payment' })
export class ReportPatientPayment {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'date' })
  date: string;

  @Property({ type: 'text' })
  paymentType: string;

  @Property({ type: 'bigint' })
  amount: string;

  @Property({ type: 'bigint' })
  bankCost: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'json' })
  splits: Array<{ physicianId: string | null; amount: string }>;

  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'boolean' })
  deleted: boolean;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

/** A work-order payment's newest revision: money paid to a lab by the work order's clinic. */
@Entity({ tableName: 'report_lab_payment' })
export class ReportLabPayment {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'date' })
  date: string;

  @Property({ type: 'bigint' })
  amount: string;

  @Property({ type: 'character', length: 3 })
  currency: string;

  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'boolean' })
  deleted: boolean;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}

/** A physician's name and commission percent, as of the newest event. */
@Entity({ tableName: 'report_physician' })
export class ReportPhysician {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  organizationId: string;

  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', nullable: true })
  commissionPercent: string | null;

  @Property({ type: 'timestamptz' })
  occurredAt: Date;
}

export const REPORT_ENTITIES = [ReportClinic, ReportPatientPayment, ReportLabPayment, ReportPhysician];
