import { CallerContext, FileView, PatientPaymentRefDto } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { GetPatientPaymentHandler } from '../get-payment/get-payment.handler';
import { receiptPdf } from '../patient-payment-pdf';
import { PatientMoney } from '../patient-money';

/** A receipt of one received-money record, in the clinic's language and number style. */
@Injectable()
export class PatientPaymentReceiptHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
    private readonly get: GetPatientPaymentHandler,
  ) {}

  async execute(ref: PatientPaymentRefDto, caller: CallerContext): Promise<FileView> {
    const [{ patient }, payment] = await Promise.all([
      this.book.basis(caller, ref.patientId),
      this.get.execute(ref, caller),
    ]);
    const clinic = await this.book.clinic(this.em, caller.organizationId, payment.clinicId);
    const pdf = await receiptPdf(clinic, `${patient.firstName} ${patient.lastName}`, payment);
    return {
      fileName: `receipt-${payment.receiptNumber}.pdf`,
      contentType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    };
  }
}
