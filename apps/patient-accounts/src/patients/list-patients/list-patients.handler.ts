import { CallerContext, ListPatientsQueryDto, PatientListView } from '@dental/contracts';
import { QBFilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { KnownClinic } from '@dental/platform';
import { clinicFilter } from '../../physicians/clinic-filter';
import { Patient } from '../patient.entity';

/** `q` words as LIKE patterns: each must appear in the patient's search text (folded the same way in SQL). */
function searchWords(q: string | undefined): string[] {
  return (q ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .slice(0, 10)
    .map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

@Injectable()
export class ListPatientsHandler {
  constructor(private readonly em: EntityManager) {}

  /** One page, by last name, first name, id; only clinics the caller may see (another clinic's filter finds none). */
  async execute(q: ListPatientsQueryDto, caller: CallerContext): Promise<PatientListView> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const qb = this.em.createQueryBuilder(Patient, 'p').where({
      organizationId: caller.organizationId,
      ...clinicFilter(caller, q.clinicId),
      ...(q.familyId ? { familyId: q.familyId } : {}),
    } as QBFilterQuery<Patient>);
    // search_text and patient_search_fold: Migration20261122230000_patient_search (case and accents folded)
    for (const word of searchWords(q.q)) qb.andWhere('p.search_text like patient_search_fold(?)', [word]);
    const [patients, total] = await qb
      .orderBy({ lastName: 'asc', firstName: 'asc', id: 'asc' })
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .getResultAndCount();
    const clinics = patients.length
      ? await this.em.find(KnownClinic, { id: { $in: [...new Set(patients.map((p) => p.clinicId))] } })
      : [];
    const currency = new Map(clinics.map((c) => [c.id, c.currency]));
    return { items: patients.map((p) => p.toView(currency.get(p.clinicId) ?? '')), total, page, pageSize };
  }
}
