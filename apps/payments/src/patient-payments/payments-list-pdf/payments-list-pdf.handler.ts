import { CallerContext, FileView, PatientPaymentsPdfQuery } from '@dental/contracts';
import { Money } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ListPatientPaymentsHandler } from '../list-payments/list-payments.handler';
import { paymentsListPdf } from '../patient-payment-pdf';
import { PatientMoney } from '../patient-money';

/** The patient's received money as a PDF: the open part, or everything with showPaid (like the account page). */
@Injectable()
export class PatientPaymentsPdfHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly book: PatientMoney,
    private readonly list: ListPatientPaymentsHandler,
  ) {}

  async execute(q: PatientPaymentsPdfQuery, caller: CallerContext): Promise<FileView> {
    const [{ patient }, { items }] = await Promise.all([
      this.book.basis(caller, q.patientId),
      this.list.execute(q.patientId, caller),
    ]);
    const shown = q.showPaid ? items : items.filter((p) => !p.closed);
    const total = Money.sum(
      shown.map((p) => Money.parse(p.amount, patient.currency)),
      patient.currency,
    );
    const clinic = await this.book.clinic(this.em, caller.organizationId, patient.clinicId);
    const name = `${patient.firstName} ${patient.lastName}`;
    const pdf = await paymentsListPdf(clinic, name, shown, total.toDecimal(), patient.currency, q.showPaid ?? false);
    return {
      fileName: `received-money-${patient.lastName.replace(/[^\p{L}\p{N}]+/gu, '-')}.pdf`,
      contentType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    };
  }
}
