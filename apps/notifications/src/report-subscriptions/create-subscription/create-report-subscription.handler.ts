import {
  CallerContext,
  CreateReportSubscriptionDto,
  DomainError,
  NotificationErrors,
  ReportSubscriptionView,
} from '@dental/contracts';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicProfiles } from '../../clinics/clinic-profiles';
import { ReportSubscription } from '../report-subscription.entity';

@Injectable()
export class CreateReportSubscriptionHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ClinicProfiles,
  ) {}

  async execute(cmd: CreateReportSubscriptionDto, caller: CallerContext): Promise<ReportSubscriptionView> {
    await this.clinics.visible(this.em, caller, cmd.clinicId);
    try {
      return await this.em.transactional(async (em) => {
        const subscription = em.create(ReportSubscription, {
          organizationId: caller.organizationId,
          clinicId: cmd.clinicId,
          report: cmd.report,
          email: cmd.email,
          format: cmd.format,
          createdBy: caller.userId,
        });
        await em.flush();
        return subscription.toView();
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) {
        throw new DomainError(
          NotificationErrors.SUBSCRIPTION_EXISTS,
          409,
          `${cmd.email} already receives ${cmd.report} of this clinic`,
        );
      }
      throw e;
    }
  }
}
