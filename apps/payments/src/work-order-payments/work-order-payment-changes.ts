import {
  CallerContext,
  callerMaySeeClinic,
  CommonErrors,
  Correction,
  DomainError,
  WorkOrderPaymentCatalogErrors,
  WorkOrderPaymentRefDto,
  WorkOrderPaymentView,
  WorkOrderPaymentEventContracts,
  EventContract,
} from '@dental/contracts';
import { Money, MoneyError } from '@dental/money';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditAction } from '../audit-trail/audit-entry.entity';
import { AuditTrail } from '../audit-trail/audit-trail';
import { WORK_ORDER_PAYMENT, WorkOrderPayment } from './work-order-payment.entity';

export const WorkOrderPaymentErrors = {
  ZERO_AMOUNT: 'WORK_ORDER_PAYMENT.ZERO_AMOUNT',
} as const;

/** A 400 naming one field, shaped like the validation errors of the DTOs. */
export function invalidField(field: string, reason: string): DomainError {
  return new DomainError(CommonErrors.VALIDATION, 400, `${field}: ${reason}`, [{ field, reasons: [reason] }]);
}

/**
 * The amount in the work order's currency (the DTO only checked the shape, assuming 2 decimals).
 * Zero is no payment: 422. Negative is a refund from the lab to the clinic.
 */
export function parsePaymentAmount(amount: string, currency: string): Money {
  let money: Money;
  try {
    money = Money.parse(amount, currency);
  } catch (e) {
    if (e instanceof MoneyError) throw invalidField('amount', e.message);
    throw e;
  }
  if (money.isZero()) {
    throw new DomainError(
      WorkOrderPaymentErrors.ZERO_AMOUNT,
      422,
      'amount must not be zero (a refund from the lab is a negative amount)',
      [{ field: 'amount', reasons: ['must not be zero'] }],
    );
  }
  return money;
}

const EVENT_OF: Record<AuditAction, EventContract> = {
  created: WorkOrderPaymentEventContracts.recorded,
  updated: WorkOrderPaymentEventContracts.updated,
  deleted: WorkOrderPaymentEventContracts.deleted,
};

/** What every change of a work-order payment writes beside the row, in the same transaction. */
@Injectable()
export class WorkOrderPaymentChanges {
  constructor(private readonly audit: AuditTrail) {}

  /**
   * The payment, row-locked until the transaction ends so that concurrent edits apply one after the other; a
   * deleted one, another organization's or an invisible clinic's is "not found".
   */
  async lockVisible(em: EntityManager, caller: CallerContext, ref: WorkOrderPaymentRefDto): Promise<WorkOrderPayment> {
    const payment = await em.findOne(
      WorkOrderPayment,
      { id: ref.paymentId, workOrderId: ref.workOrderId, organizationId: caller.organizationId, deletedAt: null },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!payment || !callerMaySeeClinic(caller, payment.clinicId))
      throw DomainError.notFound(WorkOrderPaymentCatalogErrors.NOT_FOUND, 'work order payment', ref.paymentId);
    return payment;
  }

  /** The audit entry (before/after) and the event carrying the full snapshot at its new revision. */
  record(
    em: EntityManager,
    caller: CallerContext,
    action: AuditAction,
    before: WorkOrderPaymentView | null,
    payment: WorkOrderPayment,
    correction: Correction | null = null,
  ): WorkOrderPaymentView {
    return this.audit.recordChange(
      em,
      caller,
      { entity: WORK_ORDER_PAYMENT, action, before, snapshot: payment.toView(), correction },
      { event: EVENT_OF[action], organizationId: payment.organizationId, clinicId: payment.clinicId },
    );
  }
}
