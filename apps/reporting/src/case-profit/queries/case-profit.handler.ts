import {
  CallerContext,
  CaseProfitAnswer,
  DomainError,
  FinanceCatalogErrors,
  CaseProfitCaseRow,
  CaseProfitLabRow,
  CaseProfitPhysicianRow,
  CaseProfitQueryDto,
  CaseProfitShare,
} from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CLINIC_ROW_NAME } from '../../reports/queries/progress-payments.handler';
import { checkPeriod, ReportClinics, reportLocaleOf } from '../../reports/queries/report-clinic';
import { CaseProfitSql } from '../case-profit.sql';
import { LabCases } from '../lab-cases';
import { labFeeParts } from '../lab-fees';

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
export const CASE_PROFIT_PAGE_SIZE = 1000;

/** The cases' order (documented date, number, id) as a cursor; plain string comparison, the same in every process. */
type CaseKey = [string, string, string];
const keyOf = (r: CaseProfitCaseRow): CaseKey => [r.documentedDate, r.number, r.workOrderId];
const compareKeys = (a: CaseKey, b: CaseKey) => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
};

function parseCursor(after: string): CaseKey {
  const key = after.split('|');
  if (key.length !== 3 || !/^\d{4}-\d{2}-\d{2}$/.test(key[0])) {
    throw new DomainError(FinanceCatalogErrors.INVALID_CURSOR, 400, 'after: not a cursor this report gave out', [
      { field: 'after', reasons: ['is not a cursor this report gave out'] },
    ]);
  }
  return key as CaseKey;
}

interface Figures {
  treatment: Money;
  cost: Money;
}

/** A physician's name as the Progress Payment shows it: known from their events, else their id; null: "Clinic". */
async function physicianNames(em: EntityManager, organizationId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await em.execute<{ id: string; name: string }[]>(CaseProfitSql.physicianNames.text, [
    organizationId,
    JSON.stringify(ids),
  ]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Case profit (DOMAIN.md D): per lab case documented in the period (a work order that is not cancelled, with at least
 * one live linked treatment), the treatment amount (its linked treatments), the lab cost (the work order's total) and
 * the profit; the same per physician (each case's lab cost split over its treatments by amount, largest remainder:
 * see labFeeParts) and per lab. With physicianId, only that physician's cases, and every figure is their part.
 */
@Injectable()
export class CaseProfitHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly clinics: ReportClinics,
    private readonly cases: LabCases,
  ) {}

  async execute(query: CaseProfitQueryDto, caller: CallerContext): Promise<CaseProfitAnswer> {
    checkPeriod(query.from, query.to);
    const after = query.after === undefined ? undefined : parseCursor(query.after);
    const clinic = await this.clinics.visible(this.em, caller, query.clinicId);
    const currency = clinic.currency;
    const zero = Money.zero(currency);
    const cases = await this.cases.of(this.em, caller.organizationId, clinic.id, currency, {
      documentedFrom: query.from,
      documentedTo: query.to,
      labId: query.labId,
      physicianId: query.physicianId,
    });
    const ids = [...new Set(cases.flatMap((c) => c.treatments.map((t) => t.physicianId)))].filter(
      (id): id is string => id !== null,
    );
    const names = await physicianNames(this.em, caller.organizationId, ids);
    const nameOf = (id: string | null) => (id === null ? CLINIC_ROW_NAME : (names.get(id) ?? id));
    const share = (physicianId: string | null, f: Figures): CaseProfitShare => ({
      physicianId,
      name: nameOf(physicianId),
      treatmentAmount: f.treatment.toDecimal(),
      labCost: f.cost.toDecimal(),
      profit: f.treatment.minus(f.cost).toDecimal(),
    });

    const items: CaseProfitCaseRow[] = [];
    const perPhysician = new Map<string | null, Figures & { cases: number }>();
    const perLab = new Map<string, Figures & { name: string; cases: number }>();
    for (const c of cases) {
      const shares = new Map<string | null, Figures>();
      for (const part of labFeeParts(c.cost, c.treatments)) {
        const f = shares.get(part.physicianId) ?? { treatment: zero, cost: zero };
        shares.set(part.physicianId, { treatment: f.treatment.plus(part.amount), cost: f.cost.plus(part.fee) });
      }
      const mine = [...shares.entries()]
        .filter(([id]) => !query.physicianId || id === query.physicianId)
        .sort(([a], [b]) =>
          a === null ? 1 : b === null ? -1 : byName.compare(nameOf(a), nameOf(b)) || (a < b ? -1 : 1),
        );
      const whole = mine.reduce(
        (sum, [, f]) => ({ treatment: sum.treatment.plus(f.treatment), cost: sum.cost.plus(f.cost) }),
        { treatment: zero, cost: zero },
      );
      items.push({
        workOrderId: c.workOrderId,
        number: c.number,
        documentedDate: c.documentedDate,
        labId: c.labId,
        labName: c.labName,
        patientId: c.patientId,
        treatmentIds: c.treatments.map((t) => t.id),
        treatmentAmount: whole.treatment.toDecimal(),
        labCost: whole.cost.toDecimal(),
        profit: whole.treatment.minus(whole.cost).toDecimal(),
        physicians: mine.map(([id, f]) => share(id, f)),
      });
      for (const [id, f] of mine) {
        const p = perPhysician.get(id) ?? { treatment: zero, cost: zero, cases: 0 };
        perPhysician.set(id, {
          treatment: p.treatment.plus(f.treatment),
          cost: p.cost.plus(f.cost),
          cases: p.cases + 1,
        });
      }
      const lab = perLab.get(c.labId) ?? { treatment: zero, cost: zero, cases: 0, name: c.labName };
      perLab.set(c.labId, {
        name: lab.name,
        treatment: lab.treatment.plus(whole.treatment),
        cost: lab.cost.plus(whole.cost),
        cases: lab.cases + 1,
      });
    }

    const physicians: CaseProfitPhysicianRow[] = [...perPhysician.entries()]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : byName.compare(nameOf(a), nameOf(b)) || (a < b ? -1 : 1)))
      .map(([id, f]) => {
        const { physicianId, name, treatmentAmount, labCost, profit } = share(id, f);
        return { physicianId, name, caseCount: f.cases, treatmentAmount, labCost, profit };
      });
    const labs: CaseProfitLabRow[] = [...perLab.entries()]
      .sort(([a, x], [b, y]) => byName.compare(x.name, y.name) || (a < b ? -1 : 1))
      .map(([labId, f]) => ({
        labId,
        labName: f.name,
        caseCount: f.cases,
        treatmentAmount: f.treatment.toDecimal(),
        labCost: f.cost.toDecimal(),
        profit: f.treatment.minus(f.cost).toDecimal(),
      }));
    items.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
    const rest = after ? items.filter((r) => compareKeys(keyOf(r), after) > 0) : items;
    const pageSize = query.pageSize ?? CASE_PROFIT_PAGE_SIZE;
    const page = rest.slice(0, pageSize);
    const sum = (pick: (r: CaseProfitCaseRow) => string) =>
      Money.sum(
        items.map((r) => Money.parse(pick(r), currency)),
        currency,
      ).toDecimal();
    return {
      clinicId: clinic.id,
      clinicName: clinic.name,
      locale: reportLocaleOf(clinic),
      currency,
      from: query.from ?? null,
      to: query.to ?? null,
      items: page,
      physicians,
      labs,
      totals: {
        caseCount: items.length,
        treatmentAmount: sum((r) => r.treatmentAmount),
        labCost: sum((r) => r.labCost),
        profit: sum((r) => r.profit),
      },
      nextCursor: rest.length > pageSize ? keyOf(page[page.length - 1]).join('|') : null,
    };
  }
}
