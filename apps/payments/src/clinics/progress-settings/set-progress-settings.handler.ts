import {
  CallerContext,
  ProgressMode,
  ProgressSettingsView,
  SetProgressSettingsCommand,
  ProgressSettingsEventContracts,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { Percent } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../audit-trail/audit-trail';
import { ClinicsSql } from '../clinics.sql';
import { findVisibleClinic } from '../visible-clinic';

export const PROGRESS_SETTINGS = 'clinic_progress_settings';

export interface SettingsRow {
  mode: ProgressMode;
  cost_scaled: string;
  revision: number;
}

export function viewOf(clinicId: string, organizationId: string, row: SettingsRow | undefined): ProgressSettingsView {
  return {
    clinicId,
    organizationId,
    mode: row?.mode ?? 'collections',
    costPercent: Percent.ofBasis(BigInt(row?.cost_scaled ?? '0')).toDecimal(),
    revision: row?.revision ?? 0,
  };
}

/**
 * Sets a clinic's progress-payment mode and cost percentage (DOMAIN.md D): the whole setting is replaced, with an
 * audit entry and the `payments.clinic.progress-settings-changed` event in the same transaction. The clinic row is
 * locked first, so two changes at once get revisions one after the other. A setting that changes nothing makes no
 * revision, audit entry or event.
 */
@Injectable()
export class SetProgressSettingsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(cmd: SetProgressSettingsCommand, caller: CallerContext): Promise<ProgressSettingsView> {
    const cost = Percent.parse(cmd.costPercent);
    return this.em.transactional(async (em) => {
      const clinic = await findVisibleClinic(em, caller, cmd.clinicId);
      await em.execute(ClinicsSql.lockClinic.text, [clinic.id]);
      const [row] = await em.execute<SettingsRow[]>(ClinicsSql.progressSettings.text, [clinic.id]);
      const before = viewOf(clinic.id, clinic.organizationId, row);
      if (before.mode === cmd.mode && before.costPercent === cost.toDecimal() && row) return before;
      const after = viewOf(clinic.id, clinic.organizationId, {
        mode: cmd.mode,
        cost_scaled: cost.scaled.toString(),
        revision: before.revision + 1,
      });
      await em.execute(ClinicsSql.saveProgressSettings.text, [
        clinic.id,
        clinic.organizationId,
        after.mode,
        cost.scaled.toString(),
        after.revision,
      ]);
      return this.outbox.recordChange(em, {
        snapshot: after,
        audit: (settings) =>
          this.audit.record(em, caller, {
            entity: PROGRESS_SETTINGS,
            entityId: clinic.id,
            action: row ? 'updated' : 'created',
            before: row ? before : null,
            after: settings,
          }),
        event: {
          event: ProgressSettingsEventContracts.changed,
          organizationId: clinic.organizationId,
          clinicId: clinic.id,
        },
      }).snapshot;
    });
  }
}
