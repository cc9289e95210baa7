import { ReportSubscriptionView, ScheduledReport, ScheduledReportFormat } from '@dental/contracts';
import { TenantEntity } from '@dental/persistence';
import { Entity, Property } from '@mikro-orm/core';

/** An address that gets a clinic's daily Account Book or weekly Finance report as an attached file. */
@Entity({ tableName: 'report_subscription' })
export class ReportSubscription extends TenantEntity<'lastPeriodStart' | 'deletedAt'> {
  @Property({ type: 'uuid' })
  clinicId: string;

  @Property({ type: 'text' })
  report: ScheduledReport;

  @Property({ type: 'text' })
  email: string;

  @Property({ type: 'text' })
  format: ScheduledReportFormat;

  /** First day of the last period scheduled for sending. */
  @Property({ type: 'date', nullable: true })
  lastPeriodStart: string | null = null;

  @Property({ type: 'text' })
  createdBy: string;

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;

  toView(): ReportSubscriptionView {
    return {
      id: this.id,
      organizationId: this.organizationId,
      clinicId: this.clinicId,
      report: this.report,
      email: this.email,
      format: this.format,
      lastPeriodStart: this.lastPeriodStart,
      createdAt: this.createdAt.toISOString(),
    };
  }
}
