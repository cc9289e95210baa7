import {
  AccountErrors,
  CallerContext,
  CommonErrors,
  contractSchedule,
  ContractView,
  CreateContractCommand,
  DomainError,
  AccountEventContracts,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { Money, MoneyError } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ClinicCalendar } from '../../clinic-calendar/clinic-calendar';
import { clinicCurrency, findPatient } from '../../patients/patient-lookup';
import { TreatmentPlan } from '../../treatments/treatment.entity';
import { Contract } from '../contract.entity';

const LAST_DATE = '9999-12-31';

/** An amount in the clinic's currency (no more decimals than it has), 400 naming the field otherwise. */
function amount(text: string, currency: string, field: string, positive: boolean): Money {
  let m: Money;
  try {
    m = Money.parse(text, currency);
  } catch (e) {
    if (!(e instanceof MoneyError)) throw e;
    throw new DomainError(CommonErrors.VALIDATION, 400, `${field}: ${e.message}`, [{ field, reasons: [e.message] }]);
  }
  if (positive ? !m.isPositive() : m.isNegative()) {
    const reason = positive ? `${field} must be above 0` : `${field} must not be negative`;
    throw new DomainError(CommonErrors.VALIDATION, 400, `${field}: ${reason}`, [{ field, reasons: [reason] }]);
  }
  return m;
}

/** A contract with the patient (DOMAIN.md B, Contract), dated today in the clinic's time zone. */
@Injectable()
export class CreateContractHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly calendar: ClinicCalendar,
  ) {}

  async execute(cmd: CreateContractCommand, caller: CallerContext): Promise<ContractView> {
    const patient = await findPatient(this.em, caller, cmd.patientId);
    const currency = await clinicCurrency(this.em, patient.clinicId);
    const total = amount(cmd.totalAmount, currency, 'totalAmount', true);
    const down = amount(cmd.downPayment, currency, 'downPayment', false);
    if (down.compare(total) > 0)
      throw new DomainError(
        AccountErrors.CONTRACT_DOWN_PAYMENT_ABOVE_TOTAL,
        422,
        `downPayment: the down payment ${down.toDecimal()} is above the total ${total.toDecimal()}`,
        [{ field: 'downPayment', reasons: ['must not be above totalAmount'] }],
      );
    const contractDate = await this.calendar.today(patient.clinicId, caller);
    const schedule = contractSchedule({
      totalAmount: total,
      downPayment: down,
      installmentCount: cmd.installmentCount,
      firstDueDate: cmd.firstDueDate,
      contractDate,
    });
    // due dates must stay YYYY-MM-DD (compared as text by the receivables): a five-digit year is past 9999-12-31
    if (schedule[schedule.length - 1].dueDate.length > LAST_DATE.length) {
      const reason = `the last installment would fall after ${LAST_DATE}`;
      throw new DomainError(CommonErrors.VALIDATION, 400, `firstDueDate: ${reason}`, [
        { field: 'firstDueDate', reasons: [reason] },
      ]);
    }
    return this.em.transactional(async (em) => {
      if (cmd.planId) {
        const plan = await em.findOne(TreatmentPlan, {
          id: cmd.planId,
          patientId: patient.id,
          organizationId: caller.organizationId,
        });
        if (!plan)
          throw new DomainError(
            AccountErrors.PLAN_NOT_FOUND,
            404,
            `treatment plan ${cmd.planId} is not a plan of patient ${patient.id}`,
          );
      }
      const contract = em.create(Contract, {
        organizationId: patient.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        planId: cmd.planId ?? null,
        contractDate,
        currency,
        totalMinor: total.minor,
        downPaymentMinor: down.minor,
        installmentCount: cmd.installmentCount,
        firstDueDate: cmd.firstDueDate,
        createdBy: caller.userId,
      });
      const view = contract.toView();
      this.outbox.add(em, {
        event: AccountEventContracts.contractCreated,
        organizationId: patient.organizationId,
        clinicId: patient.clinicId,
        payload: view,
      });
      return view;
    });
  }
}
