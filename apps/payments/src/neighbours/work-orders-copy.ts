import { EventEnvelope, WorkOrderView } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NeighboursSql } from './neighbours.sql';

/** What a work-order payment takes from its work order: fixed for the work order's life. */
export interface KnownWorkOrder {
  id: string;
  organizationId: string;
  clinicId: string;
  labId: string;
  currency: string;
}

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
    >(NeighboursSql.knownWorkOrder.text, [workOrderId]);
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
    await em.execute(NeighboursSql.rememberWorkOrder.text, [
      w.id,
      organizationId,
      w.clinicId,
      w.labId,
      w.currency,
      w.revision,
    ]);
  }
}
