import { EventEnvelope, WorkOrderView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** What a work-order payment takes from its work order: fixed for the work order's life. */
export interface KnownWorkOrder {
  id: string;
  organizationId: string;
  clinicId: string;
  labId: string;
  currency: string;
}

const UPSERT = `insert into known_work_order (id, organization_id, clinic_id, lab_id, currency, revision)
  values (?, ?, ?, ?, ?, ?)
  on conflict (id) do update set clinic_id = excluded.clinic_id, lab_id = excluded.lab_id,
    currency = excluded.currency, revision = excluded.revision
  where known_work_order.organization_id = excluded.organization_id
    and known_work_order.revision < excluded.revision`;

/**
 * payments' copy of the work orders (organization, clinic, lab, currency), kept from the WORK_ORDERS events, so a
 * work-order payment does not need work-orders to answer. Snapshots apply only when their revision is newer.
 */
@Injectable()
export class WorkOrdersCopy {
  onCreated(event: EventEnvelope<WorkOrderView>, em: EntityManager): Promise<void> {
    return this.remember(em, event.payload, event.organizationId);
  }

  onUpdated(event: EventEnvelope<WorkOrderView>, em: EntityManager): Promise<void> {
    return this.remember(em, event.payload, event.organizationId);
  }

  async workOrder(em: EntityManager, workOrderId: string): Promise<KnownWorkOrder | undefined> {
    const [row] = await em.execute<
      { id: string; organization_id: string; clinic_id: string; lab_id: string; currency: string }[]
    >('select id, organization_id, clinic_id, lab_id, currency from known_work_order where id = ?', [workOrderId]);
    if (!row) return undefined;
    return {
      id: row.id,
      organizationId: row.organization_id,
      clinicId: row.clinic_id,
      labId: row.lab_id,
      currency: row.currency.trim(),
    };
  }

  /** Keeps a snapshot (from an event, or work-orders' answer when the event has not arrived yet). */
  async remember(em: EntityManager, w: WorkOrderView, organizationId = w.organizationId): Promise<void> {
    await em.execute(UPSERT, [w.id, organizationId, w.clinicId, w.labId, w.currency, w.revision]);
  }
}
