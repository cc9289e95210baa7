import { AuditEntryView, WorkOrderView } from '@dental/contracts';
import { Money } from '@dental/money';
import { WorkOrder, WorkOrderAudit, WorkOrderInstallment } from './work-order.entity';

export const AUDIT_ENTITY = 'work-order';

/** The whole work order: the RPC answer and the event snapshot (WorkOrderSnapshotV1). */
export function workOrderView(wo: WorkOrder, installments: WorkOrderInstallment[]): WorkOrderView {
  const money = (minor: string) => Money.of(BigInt(minor), wo.currency).toDecimal();
  return {
    id: wo.id,
    organizationId: wo.organizationId,
    clinicId: wo.clinicId,
    labId: wo.labId,
    patientId: wo.patientId,
    number: wo.number,
    description: wo.description,
    documentedDate: wo.documentedDate,
    status: wo.status,
    currency: wo.currency,
    paymentPlan: {
      totalAmount: money(wo.totalMinor),
      paymentMethod: wo.paymentMethod,
      installments: [...installments]
        .sort((a, b) => a.number - b.number)
        .map((i) => ({ number: i.number, dueDate: i.dueDate, amount: money(i.amountMinor) })),
    },
    revision: wo.revision,
    createdAt: wo.createdAt.toISOString(),
  };
}

export function auditView(a: WorkOrderAudit): AuditEntryView {
  return {
    id: a.id,
    entity: AUDIT_ENTITY,
    entityId: a.workOrderId,
    action: a.action,
    userId: a.userId,
    at: a.createdAt.toISOString(),
    before: a.before,
    after: a.after,
    // a work order's own changes (status, description, links) are not corrections of money: no reason asked
    reason: null,
    memo: null,
  };
}

/** `WO-000123`: six digits at least; the organization's 1,000,000th order is WO-1000000. */
export function workOrderNumber(seq: bigint): string {
  return `WO-${seq.toString().padStart(6, '0')}`;
}
