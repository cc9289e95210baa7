// Test support for payables aging: work-order snapshots with their installments and payment snapshots with their
// dates, as `work-orders` and `payments` publish them, on top of the Finance world's builders and bus.
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
import { AgingWorkOrder } from '../../src/payables/aging-rule';
import { Events } from './finance-world';

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

/**
 * The oracle's view of what was published: the newest revision of each work order and each payment (deleted ones
 * left out), as the projection should keep them.
 */
export function agingInput(events: EventEnvelope[]): AgingWorkOrder[] {
  const workOrders = new Map<string, WorkOrderSnapshotV1>();
  const payments = new Map<string, WorkOrderPaymentSnapshotV1>();
  for (const e of events) {
    if (e.type.startsWith('work-orders.work-order.')) {
      const wo = e.payload as WorkOrderSnapshotV1;
      if ((workOrders.get(wo.id)?.revision ?? 0) < wo.revision) workOrders.set(wo.id, wo);
    } else if (e.type.startsWith('payments.work-order-payment.')) {
      const p = e.payload as WorkOrderPaymentSnapshotV1;
      if ((payments.get(p.id)?.revision ?? 0) < p.revision) payments.set(p.id, p);
    }
  }
  const minor = (amount: string, currency: string) => Money.parse(amount, currency).minor;
  return [...workOrders.values()].map((wo) => ({
    id: wo.id,
    labId: wo.labId,
    documentedDate: wo.documentedDate,
    cancelled: wo.status === 'cancelled',
    installments: wo.paymentPlan.installments.map((i) => ({
      dueDate: i.dueDate,
      amount: minor(i.amount, wo.currency),
    })),
    payments: [...payments.values()]
      .filter((p) => p.workOrderId === wo.id && !p.deleted)
      .map((p) => ({ date: p.date, amount: minor(p.amount, p.currency) })),
  }));
}
