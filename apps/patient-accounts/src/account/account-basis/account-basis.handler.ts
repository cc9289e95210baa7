import { AccountBasisView, AccountTreatmentView, CallerContext } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicCalendar } from '../../clinic-calendar/clinic-calendar';
import { AccountClosure } from '../../closures/account-closure.entity';
import { Contract } from '../../contracts/contract.entity';
import { Family } from '../../patients/patient.entity';
import { clinicCurrency, findPatient } from '../../patients/patients.handlers';
import { Physician } from '../../physicians/physician.entity';
import { Treatment } from '../../treatments/treatment.entity';

/** What patient-accounts knows of one account; the gateway composes the account view from it and payments' part. */
@Injectable()
export class AccountBasisHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly calendar: ClinicCalendar,
  ) {}

  async execute(patientId: string, caller: CallerContext): Promise<AccountBasisView> {
    const patient = await findPatient(this.em, caller, patientId);
    const currency = await clinicCurrency(this.em, patient.clinicId);
    // every query also names the organization: the patient's id alone would do, but a slip must not cross tenants
    const mine = { organizationId: patient.organizationId, patientId: patient.id };
    const closures = await this.em.find(AccountClosure, mine, { orderBy: { date: 'asc' } });
    const through = closures.length ? closures[closures.length - 1].date : null;
    const treatments = await this.em.find(
      Treatment,
      { ...mine, deletedAt: null },
      { orderBy: { date: 'asc', createdAt: 'asc', id: 'asc' } },
    );
    const physicianIds = [...new Set(treatments.map((t) => t.physicianId).filter((id): id is string => id !== null))];
    const physicians = physicianIds.length
      ? await this.em.find(
          Physician,
          { id: { $in: physicianIds }, organizationId: patient.organizationId },
          { orderBy: { name: 'asc', id: 'asc' } },
        )
      : [];
    const contracts = await this.em.find(Contract, mine, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const family = patient.familyId
      ? await this.em.findOne(Family, { id: patient.familyId, organizationId: patient.organizationId })
      : null;
    return {
      patient: patient.toView(currency),
      treatments: treatments.map((t): AccountTreatmentView => ({
        ...t.toView(),
        closed: through !== null && t.date <= through,
        sourcePaymentId: t.sourcePaymentId,
      })),
      physicians: physicians.map((p) => p.toView()),
      closures: closures.map((c) => c.toView()),
      closedThrough: through,
      contracts: contracts.map((c) => c.toView()),
      family: family ? family.toView() : null,
      today: await this.calendar.today(patient.clinicId, caller),
    };
  }
}
