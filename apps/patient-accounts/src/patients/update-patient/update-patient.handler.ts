import {
  CallerContext,
  PatientView,
  rejectNulls,
  UpdatePatientCommand,
  AccountEventContracts,
} from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Outbox } from '@dental/messaging';
import { publish } from '../patient-events';
import { required } from '../patient-fields';
import { clinicCurrency, findPatient } from '../patient-lookup';
import { Patient } from '../patient.entity';

/** A contact field as stored: null for null, absent-as-null or blank (a blank phone clears it). */
const contact = (value: string | null | undefined): string | null => value?.trim() || null;

@Injectable()
export class UpdatePatientHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Changes what was sent, the patient's row locked (FOR UPDATE) so concurrent edits apply one after the other; the
   * search text is a generated column (Migration20261122230000_patient_search) and follows by itself. Nothing
   * different: the patient as it is, no event.
   */
  async execute(cmd: UpdatePatientCommand, caller: CallerContext): Promise<PatientView> {
    rejectNulls(cmd, ['firstName', 'lastName']);
    const change: Partial<Pick<Patient, 'firstName' | 'lastName' | 'phone' | 'email'>> = {};
    if (cmd.firstName !== undefined) change.firstName = required(cmd.firstName, 'firstName');
    if (cmd.lastName !== undefined) change.lastName = required(cmd.lastName, 'lastName');
    if (cmd.phone !== undefined) change.phone = contact(cmd.phone);
    if (cmd.email !== undefined) change.email = contact(cmd.email);
    return this.em.transactional(async (em) => {
      const p = await findPatient(em, caller, cmd.patientId, true);
      const currency = await clinicCurrency(em, p.clinicId);
      const changed = (Object.keys(change) as (keyof typeof change)[]).filter((k) => p[k] !== change[k]);
      if (changed.length === 0) return p.toView(currency);
      Object.assign(p, change);
      return publish(em, this.outbox, p, currency, AccountEventContracts.patientUpdated);
    });
  }
}
