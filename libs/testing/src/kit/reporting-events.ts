// The snapshots that `work-orders` and `payments` publish (labs, work orders, payments), put straight onto JetStream
// (as the outbox relays would), and reporting's Finance queries asked over NATS: what reporting's integration tests
// and the e2e files of its reports publish before they read.
import {
  CallerContext,
  ErrorBody,
  EventEnvelope,
  FinanceLabsAnswer,
  FinanceSubjects,
  FinanceWorkOrdersAnswer,
  LabSnapshotV1,
  PaymentMethod,
  ProductionStatus,
  WorkOrderEvents,
  WorkOrderPaymentEvents,
  WorkOrderPaymentSnapshotV1,
  WorkOrderSnapshotV1,
} from '@dental/contracts';
import { BusNaming, callerToHeaders } from '@dental/messaging';
import { randomUUID } from 'node:crypto';
import { JetStreamClient, NatsConnection } from 'nats';

export function caller(
  organizationId: string,
  clinicIds: string[] | '*' = '*',
  roles: string[] = ['accountant'],
): CallerContext {
  return { organizationId, clinicIds, userId: randomUUID(), roles, correlationId: randomUUID() };
}

/** Snapshots with growing revisions, as the owning services publish them. */
export class Events {
  constructor(readonly organizationId: string) {}

  lab(name: string, id: string = randomUUID(), revision = 1): EventEnvelope<LabSnapshotV1> {
    return this.envelope(revision === 1 ? WorkOrderEvents.labCreated : WorkOrderEvents.labUpdated, null, {
      id,
      organizationId: this.organizationId,
      name,
      email: null,
      phone: null,
      active: true,
      revision,
    });
  }

  workOrder(wo: {
    id?: string;
    clinicId: string;
    labId: string;
    number: string;
    total: string;
    method?: PaymentMethod;
    date?: string;
    status?: ProductionStatus;
    currency?: string;
    revision?: number;
  }): EventEnvelope<WorkOrderSnapshotV1> {
    const revision = wo.revision ?? 1;
    return this.envelope(
      revision === 1 ? WorkOrderEvents.workOrderCreated : WorkOrderEvents.workOrderUpdated,
      wo.clinicId,
      {
        id: wo.id ?? randomUUID(),
        organizationId: this.organizationId,
        clinicId: wo.clinicId,
        labId: wo.labId,
        patientId: null,
        number: wo.number,
        description: `work order ${wo.number}`,
        documentedDate: wo.date ?? '2026-11-02',
        status: wo.status ?? 'sent',
        currency: wo.currency ?? 'EUR',
        paymentPlan: { totalAmount: wo.total, paymentMethod: wo.method ?? 'bank_transfer', installments: [] },
        revision,
        createdAt: '2026-11-02T09:00:00.000Z',
      },
    );
  }

  /** A later revision of a work order: the same snapshot with changes. */
  workOrderUpdate(
    created: EventEnvelope<WorkOrderSnapshotV1>,
    change: Partial<WorkOrderSnapshotV1>,
  ): EventEnvelope<WorkOrderSnapshotV1> {
    const payload = { ...created.payload, ...change, revision: change.revision ?? created.payload.revision + 1 };
    return this.envelope(WorkOrderEvents.workOrderUpdated, payload.clinicId, payload);
  }

  payment(p: {
    id?: string;
    workOrder: EventEnvelope<WorkOrderSnapshotV1>;
    amount: string;
    revision?: number;
    deleted?: boolean;
  }): EventEnvelope<WorkOrderPaymentSnapshotV1> {
    const revision = p.revision ?? 1;
    const wo = p.workOrder.payload;
    const type = p.deleted
      ? WorkOrderPaymentEvents.deleted
      : revision === 1
        ? WorkOrderPaymentEvents.recorded
        : WorkOrderPaymentEvents.updated;
    return this.envelope(type, wo.clinicId, {
      id: p.id ?? randomUUID(),
      organizationId: this.organizationId,
      clinicId: wo.clinicId,
      workOrderId: wo.id,
      labId: wo.labId,
      date: '2026-11-10',
      amount: p.amount,
      currency: wo.currency,
      method: wo.paymentPlan.paymentMethod,
      reference: null,
      note: null,
      revision,
      deleted: p.deleted ?? false,
    });
  }

  /** A later revision of a payment (an edit, or the delete when `deleted`). */
  paymentUpdate(
    recorded: EventEnvelope<WorkOrderPaymentSnapshotV1>,
    change: { amount?: string; deleted?: boolean; revision?: number },
  ): EventEnvelope<WorkOrderPaymentSnapshotV1> {
    const payload = { ...recorded.payload, ...change, revision: change.revision ?? recorded.payload.revision + 1 };
    return this.envelope(
      payload.deleted ? WorkOrderPaymentEvents.deleted : WorkOrderPaymentEvents.updated,
      payload.clinicId,
      payload,
    );
  }

  private envelope<P>(type: string, clinicId: string | null, payload: P): EventEnvelope<P> {
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

/** Publishes envelopes onto JetStream with `Nats-Msg-Id` = event id, as the outbox relay does. */
export class Bus {
  readonly naming: BusNaming;
  private readonly js: JetStreamClient;

  constructor(
    readonly nc: NatsConnection,
    prefix: string,
  ) {
    this.naming = new BusNaming(prefix);
    this.js = nc.jetstream();
  }

  /** `msgId` other than the event id lets a duplicate through JetStream's de-duplication: a redelivery. */
  async publish(envelopes: EventEnvelope[], msgId: (e: EventEnvelope) => string = (e) => e.id): Promise<void> {
    for (const e of envelopes) {
      await this.js.publish(this.naming.event(e.type), Buffer.from(JSON.stringify(e)), { msgID: msgId(e) });
    }
  }

  async ask<T>(
    subject: string,
    payload: object,
    who: CallerContext,
  ): Promise<{ ok: true; data: T } | { ok: false; error: ErrorBody }> {
    const msg = await this.nc.request(this.naming.rpc(subject), Buffer.from(JSON.stringify(payload)), {
      timeout: 10_000,
      headers: callerToHeaders(who),
    });
    return JSON.parse(Buffer.from(msg.data).toString('utf8'));
  }

  async labs(filters: object, who: CallerContext): Promise<FinanceLabsAnswer> {
    const reply = await this.ask<FinanceLabsAnswer>(FinanceSubjects.labs, filters, who);
    if (!reply.ok) throw new Error(`labs answered ${reply.error.status} ${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  }

  async workOrders(query: object, who: CallerContext): Promise<FinanceWorkOrdersAnswer> {
    const reply = await this.ask<FinanceWorkOrdersAnswer>(FinanceSubjects.workOrders, query, who);
    if (!reply.ok)
      throw new Error(`work orders answered ${reply.error.status} ${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  }

  /** Every row of the Work Orders tab for `query`, page after page. */
  async allWorkOrders(query: object, who: CallerContext, pageSize = 500): Promise<FinanceWorkOrdersAnswer['items']> {
    const items: FinanceWorkOrdersAnswer['items'] = [];
    for (let page = 1; ; page++) {
      const answer = await this.workOrders({ ...query, page, pageSize }, who);
      items.push(...answer.items);
      if (items.length >= answer.total || answer.items.length === 0) return items;
    }
  }
}
