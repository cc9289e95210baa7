// Payables aging: work-order snapshots with their installments and payment snapshots with their dates, as
// `work-orders` and `payments` publish them, on top of the Finance builders (reporting-events.ts).
import {
  ClinicEvents,
  ClinicView,
  EventEnvelope,
  ProductionStatus,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { randomUUID } from 'node:crypto';
import { Events } from './reporting-events';

export interface PlanSpec {
  id?: string;
  clinicId: string;
  labId: string;
  number: string;
  /** documented date */
  date: string;
  /** [due date, amount]; one pair = a plan with one due date */
  installments: Array<[string, string]>;
  status?: ProductionStatus;
  currency?: string;
}

/** The envelopes of one organization, with what the payables aging needs in them. */
export class PayablesEvents extends Events {
  clinic(id: string, name: string, timeZone = 'Europe/Istanbul', locale: 'en' | 'tr' = 'en', currency = 'EUR') {
    const view: ClinicView = {
      id,
      organizationId: this.organizationId,
      name,
      currency,
      timeZone,
      locale,
      bankChargePercent: null,
    };
    return this.wrap(ClinicEvents.created, id, view);
  }

  plan(spec: PlanSpec): EventEnvelope<WorkOrderSnapshotV1> {
    const currency = spec.currency ?? 'EUR';
    const total = Money.sum(
      spec.installments.map(([, amount]) => Money.parse(amount, currency)),
      currency,
    ).toDecimal();
    const created = this.workOrder({
      id: spec.id,
      clinicId: spec.clinicId,
      labId: spec.labId,
      number: spec.number,
      total,
      date: spec.date,
      status: spec.status,
      currency,
    });
    created.payload.paymentPlan.installments = spec.installments.map(([dueDate, amount], i) => ({
      number: i + 1,
      dueDate,
      amount,
    }));
    return created;
  }

  /** A new revision of a work order: another status, or another plan (installments and so the total). */
  replan(
    wo: EventEnvelope<WorkOrderSnapshotV1>,
    change: { status?: ProductionStatus; installments?: Array<[string, string]>; revision?: number },
  ): EventEnvelope<WorkOrderSnapshotV1> {
    const currency = wo.payload.currency;
    const plan = change.installments
      ? {
          ...wo.payload.paymentPlan,
          totalAmount: Money.sum(
            change.installments.map(([, a]) => Money.parse(a, currency)),
            currency,
          ).toDecimal(),
          installments: change.installments.map(([dueDate, amount], i) => ({ number: i + 1, dueDate, amount })),
        }
      : wo.payload.paymentPlan;
    return this.workOrderUpdate(wo, {
      ...(change.status ? { status: change.status } : {}),
      paymentPlan: plan,
      ...(change.revision ? { revision: change.revision } : {}),
    });
  }

  paid(
    wo: EventEnvelope<WorkOrderSnapshotV1>,
    amount: string,
    date: string,
    extra: { id?: string; revision?: number; deleted?: boolean } = {},
  ): EventEnvelope<WorkOrderPaymentSnapshotV1> {
    const e = this.payment({ workOrder: wo, amount, ...extra });
    e.payload.date = date;
    return e;
  }

  private wrap<P>(type: string, clinicId: string, payload: P): EventEnvelope<P> {
    return {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      organizationId: this.organizationId,
      clinicId,
      correlationId: randomUUID(),
      payload,
    };
  }
}
