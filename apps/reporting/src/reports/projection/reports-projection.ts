import {
  ClinicCreatedV1,
  PatientPaymentSnapshotV1,
  PhysicianView,
  WorkOrderPaymentSnapshotV1,
} from '@dental/contracts';
import { Money } from '@dental/money';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

const minor = (amount: string, currency: string) => Money.parse(amount, currency).minor.toString();

/**
 * Keeps one row per money record at its newest revision. Every upsert is guarded by the revision (or, for
 * physicians, the event time) and by the organization, so redelivered, duplicated and reordered events leave the
 * same rows; a delete is the last revision and stays as a tombstone.
 */
@Injectable()
export class ReportsProjection {
  // A clinic's organization, currency and name never change (payments has no rename event).
  async applyClinic(em: EntityManager, c: ClinicCreatedV1): Promise<void> {
    await em.execute(
      `insert into report_clinic (id, organization_id, name, currency, time_zone, locale) values (?, ?, ?, ?, ?, ?)
       on conflict (id) do nothing`,
      [c.id, c.organizationId, c.name, c.currency, c.timeZone ?? 'UTC', c.locale ?? 'en'],
    );
  }

  async applyPatientPayment(em: EntityManager, p: PatientPaymentSnapshotV1): Promise<void> {
    const splits = (p.splits ?? []).map((s) => ({ physicianId: s.physicianId, amount: minor(s.amount, p.currency) }));
    await em.execute(
      `insert into report_patient_payment
         (id, organization_id, clinic_id, date, payment_type, amount, bank_cost, currency, splits, revision, deleted)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
       on conflict (id) do update set clinic_id = excluded.clinic_id, date = excluded.date,
         payment_type = excluded.payment_type, amount = excluded.amount, bank_cost = excluded.bank_cost,
         currency = excluded.currency, splits = excluded.splits, revision = excluded.revision,
         deleted = excluded.deleted, updated_at = now()
       where report_patient_payment.revision < excluded.revision
         and report_patient_payment.organization_id = excluded.organization_id`,
      [
        p.id,
        p.organizationId,
        p.clinicId,
        p.date,
        p.paymentType,
        minor(p.amount, p.currency),
        p.bankCost === null || p.bankCost === undefined ? '0' : minor(p.bankCost, p.currency),
        p.currency,
        JSON.stringify(splits),
        p.revision,
        p.deleted === true,
      ],
    );
  }

  async applyLabPayment(em: EntityManager, p: WorkOrderPaymentSnapshotV1): Promise<void> {
    await em.execute(
      `insert into report_lab_payment (id, organization_id, clinic_id, date, amount, currency, revision, deleted)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set clinic_id = excluded.clinic_id, date = excluded.date, amount = excluded.amount,
         currency = excluded.currency, revision = excluded.revision, deleted = excluded.deleted, updated_at = now()
       where report_lab_payment.revision < excluded.revision
         and report_lab_payment.organization_id = excluded.organization_id`,
      [p.id, p.organizationId, p.clinicId, p.date, minor(p.amount, p.currency), p.currency, p.revision, p.deleted],
    );
  }

  // PhysicianView has no revision: the newer event wins; at the same instant the later delivery does.
  async applyPhysician(em: EntityManager, p: PhysicianView, occurredAt: string): Promise<void> {
    await em.execute(
      `insert into report_physician (id, organization_id, clinic_id, name, commission_percent, occurred_at)
       values (?, ?, ?, ?, ?, ?)
       on conflict (id) do update set clinic_id = excluded.clinic_id, name = excluded.name,
         commission_percent = excluded.commission_percent, occurred_at = excluded.occurred_at
       where report_physician.occurred_at <= excluded.occurred_at
         and report_physician.organization_id = excluded.organization_id`,
      [p.id, p.organizationId, p.clinicId, p.name, p.commissionPercent ?? null, occurredAt],
    );
  }
}
