import { DomainError } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ClinicProfile } from '../../clinics/clinic-profile.entity';
import { Reminder } from '../reminder.entity';
import { RemindersSql } from '../reminders.sql';
import { ComposeReminder } from './compose-reminder';

/**
 * A 4xx answer of the service asked (e.g. reporting's 422 REPORT.TOO_LARGE) will not change by asking again: the
 * reminder is skipped with the reason. Anything else (503, timeout) leaves it scheduled for the next pass.
 */
function refusal(e: unknown): { skip: string } {
  if (e instanceof DomainError && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429)
    return { skip: `refused: ${e.code} ${e.message}`.slice(0, 1000) };
  throw e;
}

/**
 * Turns reminders whose day has come (in their clinic's time zone) into deliveries. Each reminder is claimed with
 * FOR UPDATE SKIP LOCKED and leaves `scheduled` in the same transaction that writes its deliveries, so with
 * several replicas each reminder is dispatched once. One whose facts cannot be asked now stays scheduled.
 */
@Injectable()
export class DispatchDueReminders {
  private readonly logger = new Logger(DispatchDueReminders.name);

  constructor(
    private readonly em: EntityManager,
    private readonly composer: ComposeReminder,
  ) {}

  async runOnce(): Promise<number> {
    const clinics = await this.em.fork().find(ClinicProfile, {});
    let dispatched = 0;
    for (const clinic of clinics) dispatched += await this.dispatchClinic(clinic);
    return dispatched;
  }

  private async dispatchClinic(clinic: ClinicProfile): Promise<number> {
    const today = clinic.today();
    const failed: string[] = [];
    let dispatched = 0;
    for (;;) {
      const claim: { id: string | null } = { id: null };
      try {
        const done = await this.em.fork().transactional(async (em) => {
          const [row] = await em.execute<{ id: string }[]>(RemindersSql.claimDueReminder.text, [
            clinic.id,
            today,
            `{${failed.join(',')}}`,
          ]);
          if (!row) return false;
          claim.id = row.id;
          const reminder = await em.findOneOrFail(Reminder, { id: row.id });
          const profile = await em.findOneOrFail(ClinicProfile, { id: clinic.id });
          const result = await this.composer.compose(em, reminder, profile).catch(refusal);
          reminder.dispatchedAt = new Date();
          if ('skip' in result) {
            reminder.status = 'skipped';
            reminder.outcome = result.skip;
          } else {
            reminder.status = 'dispatched';
            reminder.outcome = `${result.deliveries.length} deliver${result.deliveries.length === 1 ? 'y' : 'ies'}`;
            for (const d of result.deliveries) {
              await em.execute(RemindersSql.addDelivery.text, [
                d.id,
                reminder.organizationId,
                reminder.clinicId,
                reminder.id,
                d.channel,
                d.target,
                d.subject,
                d.body,
                d.attachment ? JSON.stringify(d.attachment) : null,
              ]);
            }
          }
          return true;
        });
        if (!done) return dispatched;
        dispatched++;
      } catch (e) {
        if (!claim.id) throw e;
        failed.push(claim.id);
        this.logger.warn(`reminder ${claim.id} stays scheduled, its facts could not be read: ${(e as Error).message}`);
      }
    }
  }
}
