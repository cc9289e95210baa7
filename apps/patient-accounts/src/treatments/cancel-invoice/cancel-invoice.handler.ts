import {
  CallerContext,
  CancelInvoiceCommand,
  correctionOf,
  DomainError,
  InvoiceView,
  PatientErrors,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { LockMode } from '@mikro-orm/core';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { recordAudit } from '../../audit-trail/record-audit';
import { findPatient } from '../../patients/patient-lookup';
import { recordChange } from '../treatment-snapshot';
import { Invoice, Treatment } from '../treatment.entity';

@Injectable()
export class CancelInvoiceHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /** Cancels the invoice (kept, marked) and frees its treatments for editing and a new invoice. */
  async execute(cmd: CancelInvoiceCommand, caller: CallerContext): Promise<InvoiceView> {
    const { patientId, invoiceId } = cmd;
    const correction = correctionOf(cmd);
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, patientId, true);
      const invoice = await em.findOne(
        Invoice,
        { id: invoiceId, patientId: patient.id, organizationId: caller.organizationId, cancelledAt: null },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!invoice) throw DomainError.notFound(PatientErrors.INVOICE_NOT_FOUND, 'invoice', invoiceId);
      invoice.cancelledAt = new Date();
      const treatments = await em.find(
        Treatment,
        { invoiceId: invoice.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { date: 'asc', id: 'asc' } },
      );
      await assertPeriodOpen(em, caller.organizationId, invoice.clinicId, [
        invoice.date,
        ...treatments.map((t) => t.date),
      ]);
      for (const t of treatments) {
        t.invoiceId = null;
        t.invoiceNumber = null;
        t.revision += 1;
        recordChange(
          em,
          this.outbox,
          caller,
          t,
          'uninvoiced',
          { invoiceNumber: invoice.number },
          (view) => ({ invoiceNumber: view.invoiceNumber }),
          correction,
        );
      }
      recordAudit(em, caller, {
        subject: 'invoice',
        record: invoice,
        action: 'cancelled',
        before: { cancelled: false },
        after: { cancelled: true },
        correction,
      });
      return invoice.toView();
    });
  }
}
