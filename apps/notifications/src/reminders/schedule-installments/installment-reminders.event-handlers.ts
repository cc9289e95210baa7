import {
  ContractScheduleItem,
  EventEnvelope,
  WorkOrderView,
  AccountEventContracts,
  WorkOrderEventContracts,
} from '@dental/contracts';
import { EventsController, Tx, Handles } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';

import { Payload } from '@nestjs/microservices';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { RemindersSql } from '../reminders.sql';

export interface ContractFacts {
  id: string;
  organizationId: string;
  clinicId: string;
  patientId: string;
  contractDate: string;
  schedule: ContractScheduleItem[];
  currency: string;
}

export interface WorkOrderFacts {
  number: string;
  description: string;
  status: string;
  currency: string;
  installments: { number: number; dueDate: string; amount: string }[];
}

/** Installments by due date: one reminder per source and day, naming every installment due that day. */
function byDueDate(items: { number: number; dueDate: string }[], from: string): Map<string, number[]> {
  const days = new Map<string, number[]>();
  for (const i of items) if (i.dueDate >= from) days.set(i.dueDate, [...(days.get(i.dueDate) ?? []), i.number]);
  return days;
}

/** The day the event happened at the clinic: installments already due then are not reminded of afterwards. */
async function clinicDayOf(em: EntityManager, clinicId: string, occurredAt: string): Promise<string> {
  const [row] = await em.execute<{ time_zone: string }[]>(RemindersSql.clinicTimeZone.text, [clinicId]);
  return DateTime.fromISO(occurredAt)
    .setZone(row?.time_zone ?? 'UTC')
    .toISODate()!;
}

/** Contract and work-order installments falling due become reminders (issue 5). */
@EventsController()
export class InstallmentReminderEventHandlers {
  @Handles(AccountEventContracts.contractCreated)
  async onContractCreated(@Payload() event: EventEnvelope<ContractFacts>, @Tx() em: EntityManager): Promise<void> {
    const c = event.payload;
    const applied = await em.execute<{ id: string }[]>(RemindersSql.rememberSource.text, [
      c.id,
      'contract',
      c.organizationId,
      c.clinicId,
      c.patientId,
      1,
      JSON.stringify({ schedule: c.schedule, currency: c.currency, contractDate: c.contractDate }),
    ]);
    if (!applied.length) return;
    const from = await clinicDayOf(em, c.clinicId, event.occurredAt);
    for (const [dueDate, numbers] of byDueDate(c.schedule, from)) {
      await em.execute(RemindersSql.scheduleReminder.text, [
        randomUUID(),
        c.organizationId,
        c.clinicId,
        'contract-installment',
        c.id,
        dueDate,
        c.patientId,
        JSON.stringify({ numbers }),
      ]);
    }
  }

  @Handles(WorkOrderEventContracts.workOrderCreated)
  async onWorkOrderCreated(@Payload() event: EventEnvelope<WorkOrderView>, @Tx() em: EntityManager): Promise<void> {
    await this.applyWorkOrder(event, em);
  }

  @Handles(WorkOrderEventContracts.workOrderUpdated)
  async onWorkOrderUpdated(@Payload() event: EventEnvelope<WorkOrderView>, @Tx() em: EntityManager): Promise<void> {
    await this.applyWorkOrder(event, em);
  }

  private async applyWorkOrder(event: EventEnvelope<WorkOrderView>, em: EntityManager): Promise<void> {
    const w = event.payload;
    const facts: WorkOrderFacts = {
      number: w.number,
      description: w.description,
      status: w.status,
      currency: w.currency,
      installments: w.paymentPlan.installments,
    };
    const applied = await em.execute<{ id: string }[]>(RemindersSql.rememberSource.text, [
      w.id,
      'work-order',
      w.organizationId,
      w.clinicId,
      null,
      w.revision,
      JSON.stringify(facts),
    ]);
    if (!applied.length) return;
    if (w.status === 'cancelled') {
      // A cancelled order owes the lab nothing more: its reminders not sent yet are dropped.
      await em.execute(RemindersSql.cancelWorkOrderReminders.text, [w.id]);
      return;
    }
    const from = await clinicDayOf(em, w.clinicId, event.occurredAt);
    for (const [dueDate, numbers] of byDueDate(w.paymentPlan.installments, from)) {
      await em.execute(RemindersSql.scheduleReminder.text, [
        randomUUID(),
        w.organizationId,
        w.clinicId,
        'work-order-installment',
        w.id,
        dueDate,
        null,
        JSON.stringify({ numbers }),
      ]);
    }
  }
}
