import {
  AccountErrors,
  CallerContext,
  CancelInvoiceCommand,
  CommonErrors,
  Correction,
  correctionOf,
  CopyPlanToTreatmentsCommand,
  CreateInvoiceCommand,
  CreateTreatmentCommand,
  CreateTreatmentPlanCommand,
  DomainError,
  InvoiceView,
  PatientAccountErrors,
  PatientAccountEvents,
  PatientErrors,
  DeleteTreatmentCommand,
  rejectNulls,
  TreatmentPlanView,
  TreatmentView,
  UpdateTreatmentCommand,
} from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { Money, MoneyError } from '@dental/money';
import { LockMode } from '@mikro-orm/core';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { closedThrough, refuseClosedDates } from '../closures/closed-through';
import { clinicCurrency, findPatient } from '../patients/patients.handlers';
import { Patient } from '../patients/patient.entity';
import { physicianOfClinic } from '../physicians/physicians.handlers';
import { recordAudit } from '../history/record-audit';
import { Invoice, Treatment, TreatmentAudit, TreatmentPlan, TreatmentPlanItem } from './treatment.entity';

interface FieldProblem {
  field: string;
  reasons: string[];
}

/** Amounts checked against the clinic's currency: above 0, no more decimals than it has; all problems in one 400. */
class Amounts {
  private readonly problems: FieldProblem[] = [];
  constructor(private readonly currency: string) {}

  parse(text: string, field: string): Money {
    try {
      const m = Money.parse(text, this.currency);
      if (!m.isPositive()) this.problems.push({ field, reasons: [`${field} must be above 0`] });
      return m;
    } catch (e) {
      if (!(e instanceof MoneyError)) throw e;
      this.problems.push({ field, reasons: [e.message] });
      return Money.zero(this.currency);
    }
  }

  check(): void {
    if (this.problems.length)
      throw new DomainError(
        CommonErrors.VALIDATION,
        400,
        this.problems.map((p) => `${p.field}: ${p.reasons.join(', ')}`).join('; '),
        this.problems,
      );
  }
}

/** A procedure without surrounding blanks; only blanks is as bad as nothing (400 naming the field). */
function procedureText(raw: string, field: string): string {
  const text = raw.trim();
  if (!text)
    throw new DomainError(CommonErrors.VALIDATION, 400, `${field}: ${field} should not be empty`, [
      { field, reasons: [`${field} should not be empty`] },
    ]);
  return text;
}

async function findTreatment(em: EntityManager, patient: Patient, treatmentId: string): Promise<Treatment> {
  const t = await em.findOne(
    Treatment,
    { id: treatmentId, patientId: patient.id, organizationId: patient.organizationId, deletedAt: null },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!t) throw DomainError.notFound(PatientErrors.TREATMENT_NOT_FOUND, 'treatment', treatmentId);
  return t;
}

const invoiced = (t: Treatment) =>
  new DomainError(
    PatientAccountErrors.TREATMENT_INVOICED,
    409,
    `treatment ${t.id} is on invoice ${t.invoiceNumber}: cancel the invoice before changing it`,
    { invoiceId: t.invoiceId, invoiceNumber: t.invoiceNumber },
  );

/** A Bank Cost treatment changes only with its card payment. */
function refuseManaged(t: Treatment): void {
  if (t.sourcePaymentId)
    throw new DomainError(
      AccountErrors.TREATMENT_MANAGED_BY_PAYMENT,
      409,
      `treatment ${t.id} is the bank cost of payment ${t.sourcePaymentId}: edit or delete that payment instead`,
      { paymentId: t.sourcePaymentId },
    );
}

/**
 * The audit row and the outbox event of one treatment change, in the caller's transaction; a correction's reason
 * rides in both.
 */
export function recordChange(
  em: EntityManager,
  outbox: Outbox,
  caller: CallerContext,
  t: Treatment,
  action: TreatmentAudit['action'],
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  correction: Correction | null = null,
): TreatmentView {
  em.create(TreatmentAudit, {
    organizationId: caller.organizationId,
    treatmentId: t.id,
    action,
    userId: caller.userId,
    before,
    after,
    reason: correction?.reason ?? null,
    memo: correction?.memo ?? null,
  });
  const view = t.toView();
  outbox.add(em, {
    type:
      action === 'created'
        ? PatientAccountEvents.treatmentCreated
        : action === 'deleted'
          ? PatientAccountEvents.treatmentDeleted
          : PatientAccountEvents.treatmentUpdated,
    organizationId: caller.organizationId,
    clinicId: t.clinicId,
    payload: correction ? { ...view, correction } : view,
  });
  return view;
}

/** The fields of an invoice its history shows (no ids). */
function invoiceFields(v: InvoiceView): Record<string, unknown> {
  const { number, date, totalAmount, currency, treatmentIds } = v;
  return { number, date, totalAmount, currency, treatmentIds };
}

/** The fields of a treatment the audit keeps (no ids, no revision). */
export function auditFields(v: TreatmentView): Record<string, unknown> {
  const { id: _id, organizationId: _o, clinicId: _c, patientId: _p, revision: _r, ...rest } = v;
  return rest;
}

@Injectable()
export class CreateTreatmentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: CreateTreatmentCommand, caller: CallerContext): Promise<TreatmentView> {
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId, 'share');
      const currency = await clinicCurrency(em, patient.clinicId);
      const amounts = new Amounts(currency);
      const amount = amounts.parse(cmd.amount, 'amount');
      amounts.check();
      await assertPeriodOpen(em, caller.organizationId, patient.clinicId, [cmd.date]);
      refuseClosedDates(await closedThrough(em, patient.id), [cmd.date]);
      if (cmd.physicianId) await physicianOfClinic(em, caller, cmd.physicianId, patient.clinicId);
      const t = em.create(Treatment, {
        organizationId: caller.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        physicianId: cmd.physicianId ?? null,
        procedure: procedureText(cmd.procedure, 'procedure'),
        tooth: cmd.tooth ?? null,
        date: cmd.date,
        currency,
        amountMinor: amount.minor.toString(),
      });
      await em.flush(); // the audit row references it
      return recordChange(em, this.outbox, caller, t, 'created', null, auditFields(t.toView()));
    });
  }
}

@Injectable()
export class UpdateTreatmentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: UpdateTreatmentCommand, caller: CallerContext): Promise<TreatmentView> {
    rejectNulls(cmd, ['procedure', 'date', 'amount']);
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId, 'share');
      const t = await findTreatment(em, patient, cmd.treatmentId);
      const amounts = new Amounts(t.currency);
      const amount = cmd.amount === undefined ? undefined : amounts.parse(cmd.amount, 'amount');
      amounts.check();
      refuseManaged(t);
      refuseClosedDates(await closedThrough(em, patient.id), cmd.date ? [t.date, cmd.date] : [t.date]);
      await assertPeriodOpen(em, caller.organizationId, t.clinicId, [t.date, cmd.date]);
      if (t.invoiceId) throw invoiced(t);
      if (cmd.physicianId) await physicianOfClinic(em, caller, cmd.physicianId, t.clinicId);
      const before = auditFields(t.toView());
      if (cmd.physicianId !== undefined) t.physicianId = cmd.physicianId;
      if (cmd.procedure !== undefined) t.procedure = procedureText(cmd.procedure, 'procedure');
      if (cmd.tooth !== undefined) t.tooth = cmd.tooth;
      if (cmd.date !== undefined) t.date = cmd.date;
      if (amount) t.amountMinor = amount.minor.toString();
      const after = auditFields(t.toView());
      const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
      // Nothing changed: no new revision, no audit entry, no event.
      if (!changed.length) return t.toView();
      t.revision += 1;
      return recordChange(
        em,
        this.outbox,
        caller,
        t,
        'updated',
        Object.fromEntries(changed.map((k) => [k, before[k]])),
        Object.fromEntries(changed.map((k) => [k, after[k]])),
        correctionOf(cmd),
      );
    });
  }
}

@Injectable()
export class DeleteTreatmentHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /** Marks the treatment deleted (kept for the audit trail); a copied plan item becomes copyable again. */
  async execute(cmd: DeleteTreatmentCommand, caller: CallerContext): Promise<TreatmentView> {
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId, 'share');
      const t = await findTreatment(em, patient, cmd.treatmentId);
      refuseManaged(t);
      refuseClosedDates(await closedThrough(em, patient.id), [t.date]);
      await assertPeriodOpen(em, caller.organizationId, t.clinicId, [t.date]);
      if (t.invoiceId) throw invoiced(t);
      const before = auditFields(t.toView());
      t.deletedAt = new Date();
      t.revision += 1;
      if (t.planItemId) {
        // One live treatment per item (a partial unique index): a deleted copy lets the item be copied again.
        const item = await em.findOneOrFail(TreatmentPlanItem, { id: t.planItemId });
        item.treatmentId = null;
      }
      return recordChange(em, this.outbox, caller, t, 'deleted', before, null, correctionOf(cmd));
    });
  }
}

@Injectable()
export class CreateTreatmentPlanHandler {
  constructor(private readonly em: EntityManager) {}

  async execute(cmd: CreateTreatmentPlanCommand, caller: CallerContext): Promise<TreatmentPlanView> {
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId);
      const currency = await clinicCurrency(em, patient.clinicId);
      const amounts = new Amounts(currency);
      const parsed = cmd.items.map((i, index) => amounts.parse(i.amount, `items.${index}.amount`));
      amounts.check();
      for (const i of cmd.items)
        if (i.physicianId) await physicianOfClinic(em, caller, i.physicianId, patient.clinicId);
      const plan = em.create(TreatmentPlan, {
        organizationId: caller.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        currency,
      });
      await em.flush();
      const items = cmd.items.map((i, index) =>
        em.create(TreatmentPlanItem, {
          organizationId: caller.organizationId,
          planId: plan.id,
          position: index + 1,
          physicianId: i.physicianId ?? null,
          procedure: procedureText(i.procedure, `items.${index}.procedure`),
          tooth: i.tooth ?? null,
          amountMinor: parsed[index].minor.toString(),
        }),
      );
      return plan.toView(items);
    });
  }
}

@Injectable()
export class CopyPlanToTreatmentsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  /** Performed treatments from plan items (all not yet copied when `itemIds` is absent), flagged copied. */
  async execute(cmd: CopyPlanToTreatmentsCommand, caller: CallerContext): Promise<TreatmentView[]> {
    return this.em.transactional(async (em) => {
      const patient = await findPatient(em, caller, cmd.patientId, 'share');
      refuseClosedDates(await closedThrough(em, patient.id), [cmd.date]);
      const plan = await em.findOne(TreatmentPlan, {
        id: cmd.planId,
        patientId: patient.id,
        organizationId: caller.organizationId,
      });
      if (!plan) throw DomainError.notFound(AccountErrors.PLAN_NOT_FOUND, 'treatment plan', cmd.planId);
      const items = await em.find(
        TreatmentPlanItem,
        { planId: plan.id },
        { orderBy: { position: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      let chosen: TreatmentPlanItem[];
      if (cmd.itemIds) {
        const ids = [...new Set(cmd.itemIds)];
        const unknown = ids.filter((id) => !items.some((i) => i.id === id));
        if (unknown.length)
          throw DomainError.notFound(PatientErrors.PLAN_ITEM_NOT_FOUND, 'treatment plan item', unknown.join(', '));
        chosen = items.filter((i) => ids.includes(i.id));
        const copied = chosen.filter((i) => i.treatmentId !== null);
        if (copied.length)
          throw new DomainError(
            PatientAccountErrors.PLAN_ITEM_COPIED,
            409,
            `plan item(s) ${copied.map((i) => i.id).join(', ')} were already copied to treatments`,
            { itemIds: copied.map((i) => i.id) },
          );
      } else {
        chosen = items.filter((i) => i.treatmentId === null);
        if (!chosen.length)
          throw new DomainError(
            PatientAccountErrors.PLAN_ITEM_COPIED,
            409,
            `every item of plan ${plan.id} was already copied to treatments`,
          );
      }
      await assertPeriodOpen(em, caller.organizationId, plan.clinicId, [cmd.date]);
      const treatments = chosen.map((item) => {
        const t = em.create(Treatment, {
          organizationId: caller.organizationId,
          clinicId: plan.clinicId,
          patientId: patient.id,
          physicianId: item.physicianId,
          procedure: item.procedure,
          tooth: item.tooth,
          date: cmd.date,
          currency: plan.currency,
          amountMinor: item.amountMinor,
          planItemId: item.id,
        });
        item.treatmentId = t.id;
        return t;
      });
      await em.flush();
      return treatments.map((t) => recordChange(em, this.outbox, caller, t, 'created', null, auditFields(t.toView())));
    });
  }
}

// The organization's counter row: locked until this transaction ends, so invoice numbers never repeat.
const NEXT_NUMBER = `insert into invoice_counter (organization_id, last_number) values (?, 1)
  on conflict (organization_id) do update set last_number = invoice_counter.last_number + 1
  returning last_number`;

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
        treatments.map((t) => Money.of(BigInt(t.amountMinor), currency)),
        currency,
      );
      // an invoice is dated today; its treatments' dates are locked as well
      const issued = [new Date().toISOString().slice(0, 10), ...treatments.map((t) => t.date)];
      await assertPeriodOpen(em, caller.organizationId, patient.clinicId, issued);
      const [{ last_number }] = await em.execute<{ last_number: string }[]>(NEXT_NUMBER, [caller.organizationId]);
      const seq = BigInt(last_number);
      const invoice = em.create(Invoice, {
        organizationId: caller.organizationId,
        clinicId: patient.clinicId,
        patientId: patient.id,
        seq: seq.toString(),
        number: invoiceNumber(seq),
        date: new Date().toISOString().slice(0, 10),
        currency,
        totalMinor: total.minor.toString(),
        treatmentIds: treatments.map((t) => t.id),
      });
      await em.flush();
      for (const t of treatments) {
        t.invoiceId = invoice.id;
        t.invoiceNumber = invoice.number;
        t.revision += 1;
        recordChange(
          em,
          this.outbox,
          caller,
          t,
          'invoiced',
          { invoiceNumber: null },
          {
            invoiceNumber: invoice.number,
          },
        );
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
          {
            invoiceNumber: null,
          },
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
