import {
  AlertView,
  CallerContext,
  CommonErrors,
  CreateAlertCommand,
  DomainError,
  PatientAccountSubjects,
  PatientErrors,
  PatientView,
  NotificationEventContracts,
} from '@dental/contracts';
import { Outbox, RpcClient } from '@dental/messaging';
import { Money, MoneyError } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClinicProfiles } from '../../clinics/clinic-profiles';
import { RemindersSql } from '../../reminders/reminders.sql';
import { Alert } from '../alert.entity';

/** The expected amount in the patient's currency; zero is no expectation worth an alert. */
function parseExpectedAmount(amount: string | undefined, currency: string): Money | null {
  if (amount === undefined) return null;
  try {
    const money = Money.parse(amount, currency);
    if (money.isPositive()) return money;
  } catch (e) {
    if (!(e instanceof MoneyError)) throw e;
    throw new DomainError(CommonErrors.VALIDATION, 400, `amount: ${e.message}`, [
      { field: 'amount', reasons: [e.message] },
    ]);
  }
  throw new DomainError(CommonErrors.VALIDATION, 400, 'amount: must be above 0', [
    { field: 'amount', reasons: ['must be above 0'] },
  ]);
}

/** An alert on a patient the caller may see, with its reminder for the day it names, in one transaction. */
@Injectable()
export class CreateAlertHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly rpc: RpcClient,
    private readonly clinics: ClinicProfiles,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: CreateAlertCommand, caller: CallerContext): Promise<AlertView> {
    // patient-accounts answers 404 for an unknown patient, another organization's or an invisible clinic's.
    const patient = await this.rpc.request<PatientView>(
      PatientAccountSubjects.getPatient,
      { patientId: cmd.patientId },
      caller,
    );
    if (patient.organizationId !== caller.organizationId)
      throw DomainError.notFound(PatientErrors.PATIENT_NOT_FOUND, 'patient', cmd.patientId);
    const clinic = await this.clinics.visible(this.em, caller, patient.clinicId);
    const amount = parseExpectedAmount(cmd.amount, patient.currency);
    return this.em.transactional(async (em) => {
      const alert = em.create(Alert, {
        organizationId: caller.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        patientName: `${patient.firstName} ${patient.lastName}`,
        date: cmd.date,
        amountMinor: amount?.minor ?? null,
        currency: patient.currency,
        note: cmd.note?.trim() || null,
        status: 'open',
        createdBy: caller.userId,
      });
      await em.flush();
      await em.execute(RemindersSql.scheduleReminder.text, [
        randomUUID(),
        alert.organizationId,
        alert.clinicId,
        'alert',
        alert.id,
        alert.date,
        alert.patientId,
        JSON.stringify({}),
      ]);
      const view = alert.toView(clinic.today());
      this.outbox.add(em, {
        event: NotificationEventContracts.alertCreated,
        organizationId: alert.organizationId,
        clinicId: alert.clinicId,
        payload: view,
      });
      return view;
    });
  }
}
