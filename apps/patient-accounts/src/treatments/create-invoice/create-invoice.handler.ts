import { CallerContext, CreateInvoiceCommand, DomainError, InvoiceView, PatientErrors } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { Money } from '@dental/money';
import { LockMode } from '@mikro-orm/core';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { recordAudit } from '../../audit-trail/record-audit';
import { clinicCurrency, findPatient } from '../../patients/patient-lookup';
import { invoiced } from '../editable-treatment';
import { invoiceFields, recordChange } from '../treatment-snapshot';
import { Invoice, Treatment } from '../treatment.entity';
import { TreatmentsSql } from '../treatments.sql';

/** `INV-000123`: six digits at least, per organization. */
export const invoiceNumber = (seq: bigint) => `INV-${seq.toString().padStart(6, '0')}`;

@Injectable()
export class CreateInvoiceHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: CreateInvoiceCommand, caller: CallerContext): Promise<InvoiceView> {
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId, true);
      const ids = [...new Set(cmd.treatmentIds)];
      const treatments = await em.find(
        Treatment,
        { id: { $in: ids }, patientId: patient.id, organizationId: caller.organizationId, deletedAt: null },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { date: 'asc', id: 'asc' } },
      );
      const missing = ids.filter((id) => !treatments.some((t) => t.id === id));
      if (missing.length)
        throw DomainError.notFound(PatientErrors.TREATMENT_NOT_FOUND, 'treatment', missing.join(', '));
      const already = treatments.find((t) => t.invoiceId !== null);
      if (already) throw invoiced(already);
      const currency = await clinicCurrency(em, patient.clinicId);
      const total = Money.sum(
        treatments.map((t) => Money.of(t.amountMinor, currency)),
        currency,
      );
      // an invoice is dated today; its treatments' dates are locked as well
      const issued = [new Date().toISOString().slice(0, 10), ...treatments.map((t) => t.date)];
      await assertPeriodOpen(em, caller.organizationId, patient.clinicId, issued);
      // the organization's counter row: locked until this transaction ends, so invoice numbers never repeat
      const [{ last_number }] = await em.execute<{ last_number: string }[]>(TreatmentsSql.nextInvoiceNumber.text, [
        caller.organizationId,
      ]);
      const seq = BigInt(last_number);
      const invoice = em.create(Invoice, {
        organizationId: caller.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        seq: seq.toString(),
        number: invoiceNumber(seq),
        date: new Date().toISOString().slice(0, 10),
        currency,
        totalMinor: total.minor,
        treatmentIds: treatments.map((t) => t.id),
      });
      await em.flush();
      for (const t of treatments) {
        t.invoiceId = invoice.id;
        t.invoiceNumber = invoice.number;
        t.revision += 1;
        recordChange(em, this.outbox, caller, t, 'invoiced', { invoiceNumber: null }, (view) => ({
          invoiceNumber: view.invoiceNumber,
        }));
      }
      recordAudit(em, caller, {
        subject: 'invoice',
        record: invoice,
        action: 'created',
        before: null,
        after: invoiceFields(invoice.toView()),
        correction: null,
      });
      return invoice.toView();
    });
  }
}
