import {
  ContractPaidView,
  contractReceivables,
  PatientPaymentSubjects,
  RenderableReport,
  RenderReportQueryDto,
  ReportSubjects,
  coverInstallments,
  DeliveryChannel,
  PatientAccountSubjects,
  PatientView,
  ScheduledReport,
  WorkOrderPaymentSubjects,
  WorkOrderPaymentView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Alert } from '../../alerts/alert.entity';
import { ClinicProfile } from '../../clinics/clinic-profile.entity';
import { Attachment } from '../../deliveries/delivery.entity';
import { ReportSubscription } from '../../report-subscriptions/report-subscription.entity';
import { systemCaller } from '../../scheduler/system-caller';
import { localeOf, Rendered, templates } from '../../templates/templates';
import { ContractFacts, WorkOrderFacts } from '../schedule-installments/installment-reminders.event-handlers';
import { Reminder } from '../reminder.entity';
import { RemindersSql } from '../reminders.sql';

const RENDERED_REPORT: Record<ScheduledReport, RenderableReport> = {
  'account-book-daily': 'account-book',
  'finance-weekly': 'finance-labs',
};

export interface DeliveryDraft {
  id: string;
  channel: DeliveryChannel;
  target: string;
  subject: string;
  body: string;
  attachment: Attachment | null;
}

/** What a due reminder turns into: deliveries, or the reason it is not sent. */
export type Composition = { deliveries: DeliveryDraft[] } | { skip: string };

interface Message {
  clinic: Rendered;
  patient?: { email: string | null; rendered: Rendered };
  data: Record<string, unknown>;
}

/**
 * Builds the messages of a due reminder at the moment it is sent, from the current facts: an alert closed since,
 * an installment covered since, or a subscription ended since is not sent.
 */
@Injectable()
export class ComposeReminder {
  constructor(private readonly rpc: RpcClient) {}

  async compose(em: EntityManager, reminder: Reminder, clinic: ClinicProfile): Promise<Composition> {
    if (reminder.kind === 'scheduled-report') return this.report(em, reminder, clinic);
    const message =
      reminder.kind === 'alert'
        ? await this.alert(em, reminder, clinic)
        : reminder.kind === 'contract-installment'
          ? await this.contractInstallment(em, reminder, clinic)
          : await this.workOrderInstallment(em, reminder, clinic);
    if (typeof message === 'string') return { skip: message };
    const deliveries: DeliveryDraft[] = [];
    const draft = (channel: DeliveryChannel, target: string, r: Rendered, body = r.text) =>
      deliveries.push({ id: randomUUID(), channel, target, subject: r.subject, body, attachment: null });
    if (clinic.email) draft('clinic-email', clinic.email, message.clinic);
    if (clinic.webhookUrl) {
      const id = randomUUID();
      const body = JSON.stringify({
        id,
        type: `reminder.${reminder.kind}`,
        occurredAt: new Date().toISOString(),
        organizationId: reminder.organizationId,
        clinicId: reminder.clinicId,
        reminderId: reminder.id,
        dueDate: reminder.dueDate,
        locale: localeOf(clinic.locale),
        subject: message.clinic.subject,
        text: message.clinic.text,
        data: message.data,
      });
      deliveries.push({
        id,
        channel: 'webhook',
        target: clinic.webhookUrl,
        subject: message.clinic.subject,
        body,
        attachment: null,
      });
    }
    if (message.patient?.email && clinic.notifyPatients)
      draft('patient-email', message.patient.email, message.patient.rendered);
    return deliveries.length ? { deliveries } : { skip: 'no channel set for the clinic' };
  }

  private async patient(reminder: Reminder): Promise<PatientView> {
    return this.rpc.request<PatientView>(
      PatientAccountSubjects.getPatient,
      { patientId: reminder.patientId },
      systemCaller(reminder.organizationId),
    );
  }

  private async alert(em: EntityManager, reminder: Reminder, clinic: ClinicProfile): Promise<Message | string> {
    const alert = await em.findOne(Alert, { id: reminder.sourceId });
    if (!alert || alert.status !== 'open') return `alert ${alert?.status ?? 'removed'}`;
    const patient = clinic.notifyPatients ? await this.patient(reminder) : null;
    const locale = localeOf(clinic.locale);
    const facts = {
      clinicName: clinic.name,
      patientName: alert.patientName,
      date: alert.date,
      amount: alert.amount()?.toDecimal() ?? null,
      currency: alert.currency,
      note: alert.note,
    };
    return {
      clinic: templates.alertToClinic(locale, facts),
      patient: patient ? { email: patient.email, rendered: templates.alertToPatient(locale, facts) } : undefined,
      data: { alertId: alert.id, patientId: alert.patientId, ...facts },
    };
  }

  private async contractInstallment(
    em: EntityManager,
    reminder: Reminder,
    clinic: ClinicProfile,
  ): Promise<Message | string> {
    const contract = await source<ContractFacts>(em, reminder.sourceId);
    if (!contract) return 'contract unknown';
    const paid = await this.rpc.request<ContractPaidView>(
      PatientPaymentSubjects.contractPaid,
      { patientId: reminder.patientId, contractIds: [reminder.sourceId] },
      systemCaller(reminder.organizationId),
    );
    const paidAmount = paid.items.find((i) => i.contractId === reminder.sourceId)?.paidAmount ?? '0';
    const numbers = reminder.data.numbers as number[];
    const receivables = contractReceivables(
      contract.schedule,
      Money.parse(paidAmount, contract.currency),
      clinic.today(),
    );
    const remaining = Money.sum(
      receivables.installments
        .filter((i) => numbers.includes(i.number))
        .map((i) => Money.parse(i.remainingAmount, contract.currency)),
      contract.currency,
    );
    if (!remaining.isPositive()) return 'installment covered';
    const patient = await this.patient(reminder);
    const locale = localeOf(clinic.locale);
    const facts = {
      clinicName: clinic.name,
      about: `${patient.firstName} ${patient.lastName}`,
      date: reminder.dueDate,
      numbers,
      remaining: remaining.toDecimal(),
      currency: contract.currency,
    };
    return {
      clinic: templates.contractInstallmentToClinic(locale, facts),
      patient: { email: patient.email, rendered: templates.contractInstallmentToPatient(locale, facts) },
      data: {
        contractId: reminder.sourceId,
        patientId: patient.id,
        patientName: facts.about,
        installmentNumbers: numbers,
        remainingAmount: facts.remaining,
        currency: facts.currency,
      },
    };
  }

  private async workOrderInstallment(
    em: EntityManager,
    reminder: Reminder,
    clinic: ClinicProfile,
  ): Promise<Message | string> {
    const workOrder = await source<WorkOrderFacts>(em, reminder.sourceId);
    if (!workOrder) return 'work order unknown';
    if (workOrder.status === 'cancelled') return 'work order cancelled';
    const payments = await this.rpc.request<{ items: WorkOrderPaymentView[] }>(
      WorkOrderPaymentSubjects.list,
      { workOrderId: reminder.sourceId },
      systemCaller(reminder.organizationId),
    );
    const paid = Money.sum(
      payments.items.filter((p) => !p.deleted).map((p) => Money.parse(p.amount, workOrder.currency)),
      workOrder.currency,
    );
    const numbers = reminder.data.numbers as number[];
    const remaining = Money.sum(
      coverInstallments(workOrder.installments, paid, clinic.today())
        .filter((i) => numbers.includes(i.number))
        .map((i) => Money.parse(i.remainingAmount, workOrder.currency)),
      workOrder.currency,
    );
    if (!remaining.isPositive()) return 'installment covered';
    const locale = localeOf(clinic.locale);
    const about = `${locale === 'tr' ? 'iş emri' : 'work order'} ${workOrder.number} (${workOrder.description})`;
    const facts = {
      clinicName: clinic.name,
      about,
      date: reminder.dueDate,
      numbers,
      remaining: remaining.toDecimal(),
      currency: workOrder.currency,
    };
    return {
      clinic: templates.workOrderInstallmentToClinic(locale, facts),
      data: {
        workOrderId: reminder.sourceId,
        number: workOrder.number,
        installmentNumbers: numbers,
        remainingAmount: facts.remaining,
        currency: facts.currency,
      },
    };
  }

  private async report(em: EntityManager, reminder: Reminder, clinic: ClinicProfile): Promise<Composition> {
    const subscription = await em.findOne(ReportSubscription, { id: reminder.sourceId });
    if (!subscription || subscription.deletedAt) return { skip: 'subscription deleted' };
    const { from, to } = reminder.data as { from: string; to: string };
    const locale = localeOf(clinic.locale);
    const file = await this.rpc.request<Attachment>(
      ReportSubjects.renderReport,
      {
        report: RENDERED_REPORT[subscription.report],
        clinicId: clinic.id,
        from,
        to,
        format: subscription.format,
        locale,
      } satisfies RenderReportQueryDto,
      systemCaller(reminder.organizationId),
      60_000,
    );
    const rendered = templates.scheduledReport(locale, {
      clinicName: clinic.name,
      report: subscription.report,
      from,
      to,
    });
    return {
      deliveries: [
        {
          id: randomUUID(),
          channel: 'report-email',
          target: subscription.email,
          subject: rendered.subject,
          body: rendered.text,
          attachment: { fileName: file.fileName, contentType: file.contentType, contentBase64: file.contentBase64 },
        },
      ],
    };
  }
}

async function source<T>(em: EntityManager, id: string): Promise<T | null> {
  const [row] = await em.execute<{ data: T }[]>(RemindersSql.sourceData.text, [id]);
  return row?.data ?? null;
}
