import {
  CallerContext,
  callerMaySeeClinic,
  DomainError,
  PatientPaymentErrors,
  PatientPaymentRefDto,
  PatientPaymentView,
} from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PatientPayment } from '../patient-payment.entity';
import { PatientMoney } from '../patient-money';

/** One received-money record of the patient; a deleted one, another's or an invisible clinic's is a 404. */
@Injectable()
export class GetPatientPaymentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
  ) {}

  async execute(ref: PatientPaymentRefDto, caller: CallerContext): Promise<PatientPaymentView> {
    const payment = await this.find(ref, caller);
    return payment.toView(await this.book.closedThrough(this.em, caller.organizationId, ref.patientId));
  }

  async find(ref: PatientPaymentRefDto, caller: CallerContext): Promise<PatientPayment> {
    const payment = await this.em.findOne(PatientPayment, {
      id: ref.paymentId,
      patientId: ref.patientId,
      organizationId: caller.organizationId,
      deletedAt: null,
    });
    if (!payment || !callerMaySeeClinic(caller, payment.clinicId)) {
      throw DomainError.notFound(PatientPaymentErrors.NOT_FOUND, 'patient payment', ref.paymentId);
    }
    return payment;
  }
}
