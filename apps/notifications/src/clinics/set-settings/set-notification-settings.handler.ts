import {
  CallerContext,
  CommonErrors,
  DomainError,
  NotificationErrors,
  NotificationSettingsView,
  rejectNulls,
  SetNotificationSettingsCommand,
} from '@dental/contracts';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicProfile } from '../clinic-profile.entity';
import { ClinicProfiles } from '../clinic-profiles';

function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return true; // not parseable by fetch either
  }
}

/** Where a clinic's reminders go; fields left out keep their value, null removes one. */
@Injectable()
export class SetNotificationSettingsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ClinicProfiles,
  ) {}

  async execute(cmd: SetNotificationSettingsCommand, caller: CallerContext): Promise<NotificationSettingsView> {
    // email and webhookUrl are removed with null; a switch and a secret are set or left out, never emptied
    rejectNulls(cmd, ['notifyPatients', 'webhookSecret']);
    if (cmd.webhookUrl && hasCredentials(cmd.webhookUrl)) {
      // fetch refuses such a URL: every try would fail into the dead letter; the secret belongs in webhookSecret
      throw new DomainError(CommonErrors.VALIDATION, 400, 'webhookUrl: must not contain a user name or password', [
        { field: 'webhookUrl', reasons: ['must not contain a user name or password'] },
      ]);
    }
    await this.clinics.visible(this.em.fork(), caller, cmd.clinicId);
    return this.em.transactional(async (em) => {
      const clinic = await em.findOneOrFail(
        ClinicProfile,
        { id: cmd.clinicId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (cmd.email !== undefined) clinic.email = cmd.email;
      if (cmd.notifyPatients !== undefined) clinic.notifyPatients = cmd.notifyPatients;
      if (cmd.webhookSecret !== undefined) clinic.webhookSecret = cmd.webhookSecret;
      if (cmd.webhookUrl !== undefined) {
        clinic.webhookUrl = cmd.webhookUrl;
        // Without a URL the secret has no use; a new URL later needs a new secret.
        if (cmd.webhookUrl === null) clinic.webhookSecret = null;
      }
      if (clinic.webhookUrl !== null && clinic.webhookSecret === null) {
        throw new DomainError(
          NotificationErrors.WEBHOOK_SECRET_REQUIRED,
          422,
          'webhookSecret: a webhook needs a secret (at least 16 characters) to sign its requests',
          [{ field: 'webhookSecret', reasons: ['required with webhookUrl'] }],
        );
      }
      return clinic.toSettingsView();
    });
  }
}
