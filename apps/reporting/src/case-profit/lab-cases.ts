import { Money } from '@dental/money';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { periodCondition } from '../reports/queries/report-clinic';
import { CaseProfitSql } from './case-profit.sql';
import { LinkedTreatment } from './lab-fees';

/** A lab case: a work order that is not cancelled, with the live treatments linked to it. */
export interface LabCase {
  workOrderId: string;
  number: string;
  documentedDate: string;
  labId: string;
  labName: string;
  patientId: string | null;
  /** the work order's total */
  cost: Money;
  /** not deleted, in date then id order; at least one */
  treatments: LinkedTreatment[];
}

export interface LabCaseFilter {
  /** the work order documented from..to */
  documentedFrom?: string;
  documentedTo?: string;
  labId?: string;
  /** cases with a linked treatment of this physician */
  physicianId?: string;
  /** cases with a linked treatment performed from..to */
  treatedFrom?: string;
  treatedTo?: string;
}

interface CaseRow {
  id: string;
  number: string;
  documented_date: string;
  lab_id: string;
  lab_name: string;
  patient_id: string | null;
  total: string;
  treatments: { id: string; physicianId: string | null; date: string; amount: string }[];
}

/**
 * The clinic's lab cases from reporting's read models: work orders and their link sets (this folder's projection)
 * joined with the patient ledger's treatments (`ledger_treatment`, not deleted, same organization and clinic). A
 * cancelled work order is no case (as in Finance); nor is one whose linked treatments were all deleted, or whose own
 * event has not arrived yet.
 */
@Injectable()
export class LabCases {
  async of(
    em: EntityManager,
    organizationId: string,
    clinicId: string,
    currency: string,
    filter: LabCaseFilter,
  ): Promise<LabCase[]> {
    const documented = periodCondition('w.documented_date', filter.documentedFrom, filter.documentedTo);
    const treated = periodCondition('t.date', filter.treatedFrom, filter.treatedTo);
    const having: string[] = [];
    const havingParams: unknown[] = [];
    if (filter.physicianId) {
      having.push('bool_or(t.physician_id = ?)');
      havingParams.push(filter.physicianId);
    }
    if (filter.treatedFrom || filter.treatedTo) {
      having.push(`bool_or(${treated.sql})`);
      havingParams.push(...treated.params);
    }
    const rows = await em.execute<CaseRow[]>(
      CaseProfitSql.labCases.build(documented.sql, Boolean(filter.labId), having),
      [organizationId, clinicId, ...documented.params, ...(filter.labId ? [filter.labId] : []), ...havingParams],
    );
    return rows.map((r) => ({
      workOrderId: r.id,
      number: r.number,
      documentedDate: r.documented_date,
      labId: r.lab_id,
      labName: r.lab_name,
      patientId: r.patient_id,
      cost: Money.of(BigInt(r.total), currency),
      treatments: r.treatments.map((t) => ({
        id: t.id,
        physicianId: t.physicianId,
        date: t.date,
        amount: Money.of(BigInt(t.amount), currency),
      })),
    }));
  }
}
