// Test support for payables aging: the oracle's input, read from the published envelopes (the builders are
// @dental/testing's PayablesEvents, kit/payables-events.ts).
import { EventEnvelope, WorkOrderPaymentSnapshotV1, WorkOrderSnapshotV1 } from '@dental/contracts';
import { Money } from '@dental/money';
import { AgingWorkOrder } from '../../src/payables/aging-rule';

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
