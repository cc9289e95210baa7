import {
  CallerContext,
  DeliveryAttemptView,
  DeliveryListView,
  DeliveryView,
  ListDeliveriesQueryDto,
} from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicProfiles } from '../../clinics/clinic-profiles';
import { DeliveriesSql } from '../deliveries.sql';

interface DeliveryRow {
  id: string;
  organization_id: string;
  clinic_id: string;
  reminder_id: string;
  kind: DeliveryView['kind'];
  source_id: string;
  due_date: string;
  channel: DeliveryView['channel'];
  target: string;
  status: DeliveryView['status'];
  next_attempt_at: Date | null;
  created_at: Date;
  attempts: { attempt: number; at: string; succeeded: boolean; response: string | null; error: string | null }[];
  total: string;
}

/**
 * A webhook URL often carries a token in its path or query (and settings are admin-only): the log, open to
 * accountants, shows its origin only.
 */
export function shownTarget(channel: DeliveryView['channel'], target: string): string {
  if (channel !== 'webhook') return target;
  try {
    const url = new URL(target);
    return url.pathname === '/' && !url.search ? url.origin : `${url.origin}/…`;
  } catch {
    return '…';
  }
}

/** The delivery log: newest first, each delivery with every try made. */
@Injectable()
export class ListDeliveriesHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ClinicProfiles,
  ) {}

  async execute(q: ListDeliveriesQueryDto, caller: CallerContext): Promise<DeliveryListView> {
    if (q.clinicId) await this.clinics.visible(this.em, caller, q.clinicId);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const where = ['d.organization_id = ?'];
    const params: unknown[] = [caller.organizationId];
    if (q.clinicId) {
      where.push('d.clinic_id = ?');
      params.push(q.clinicId);
    } else if (caller.clinicIds !== '*') {
      where.push('d.clinic_id = any(?::uuid[])');
      params.push(`{${caller.clinicIds.join(',')}}`);
    }
    if (q.status) {
      where.push('d.status = ?');
      params.push(q.status);
    }
    if (q.kind) {
      where.push('r.kind = ?');
      params.push(q.kind);
    }
    if (q.sourceId) {
      where.push('r.source_id::text = ?');
      params.push(q.sourceId);
    }
    const rows = await this.em.execute<DeliveryRow[]>(DeliveriesSql.list.build(where.join(' and ')), [
      ...params,
      pageSize,
      (page - 1) * pageSize,
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        organizationId: r.organization_id,
        clinicId: r.clinic_id,
        reminderId: r.reminder_id,
        kind: r.kind,
        sourceId: r.source_id,
        dueDate: r.due_date,
        channel: r.channel,
        target: shownTarget(r.channel, r.target),
        status: r.status,
        attempts: r.attempts.map((a): DeliveryAttemptView => ({ ...a, at: new Date(a.at).toISOString() })),
        nextAttemptAt: r.status === 'pending' && r.next_attempt_at ? new Date(r.next_attempt_at).toISOString() : null,
        createdAt: new Date(r.created_at).toISOString(),
      })),
      total: rows.length ? Number(rows[0].total) : 0,
      page,
      pageSize,
    };
  }
}
