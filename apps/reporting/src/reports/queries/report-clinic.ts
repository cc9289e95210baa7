import {
  CallerContext,
  callerMaySeeClinic,
  ClinicErrors,
  ClinicSubjects,
  ClinicView,
  CommonErrors,
  DomainError,
  REPORT_LOCALES,
  ReportLocale,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportsSql } from '../reports.sql';

export interface ReportClinicFacts {
  id: string;
  organizationId: string;
  name: string;
  currency: string;
  locale: string;
}

/**
 * The clinic a report is about, if the caller may see it (404 otherwise). Learnt from `payments.clinic.created`; a
 * clinic whose event has not arrived yet is asked of `payments` (as the caller) and remembered.
 */
@Injectable()
export class ReportClinics {
  constructor(private readonly rpc: RpcClient) {}

  async visible(em: EntityManager, caller: CallerContext, clinicId: string): Promise<ReportClinicFacts> {
    if (!callerMaySeeClinic(caller, clinicId)) throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
    const [local] = await em.execute<ReportClinicFacts[]>(ReportsSql.clinic.text, [clinicId]);
    if (local) {
      if (local.organizationId !== caller.organizationId)
        throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
      return local;
    }
    const view = await this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId }, caller);
    if (view.organizationId !== caller.organizationId)
      throw DomainError.notFound(ClinicErrors.NOT_FOUND, 'clinic', clinicId);
    await em.execute(ReportsSql.rememberClinic.text, [
      view.id,
      view.organizationId,
      view.name,
      view.currency,
      view.timeZone,
      view.locale,
    ]);
    return {
      id: view.id,
      organizationId: view.organizationId,
      name: view.name,
      currency: view.currency,
      locale: view.locale,
    };
  }
}

/** The clinic's locale when the files have labels in it, else English. */
export function reportLocaleOf(clinic: Pick<ReportClinicFacts, 'locale'>): ReportLocale {
  return (REPORT_LOCALES as readonly string[]).includes(clinic.locale) ? (clinic.locale as ReportLocale) : 'en';
}

/** from..to both inclusive; the later date must not come first. */
export function checkPeriod(from?: string, to?: string): void {
  if (from && to && from > to) {
    throw new DomainError(CommonErrors.VALIDATION, 400, 'to: must not be before from', [
      { field: 'to', reasons: ['must not be before from'] },
    ]);
  }
}

/** `date between from and to` with the bounds given; params to append. */
export function periodCondition(column: string, from?: string, to?: string): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (from) {
    parts.push(`${column} >= ?::date`);
    params.push(from);
  }
  if (to) {
    parts.push(`${column} <= ?::date`);
    params.push(to);
  }
  return { sql: parts.length ? parts.join(' and ') : 'true', params };
}
