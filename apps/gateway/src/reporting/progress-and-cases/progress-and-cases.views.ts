import {
  CaseProfitAnswer,
  CaseProfitCaseRow,
  CaseProfitLabRow,
  CaseProfitPhysicianRow,
  CaseProfitShare,
  CaseProfitTotals,
  PROGRESS_MODES,
  ProgressSettingsView,
  ReportClinicLabel,
  WorkOrderTreatmentsView,
} from '@dental/contracts';
import { s } from '../../openapi/schema-dsl';
import { views as v } from '../../openapi/views';

// The answer schemas of DOMAIN.md D's progress modes, lab-case links and case profit, in the one registry of views.

export const ProgressSettings = v.add<ProgressSettingsView>('ProgressSettings', {
  clinicId: s.uuid(),
  organizationId: s.uuid(),
  mode: s.enum(PROGRESS_MODES, "the base of a physician's progress payment"),
  costPercent: s.percent('the clinic cost taken off the base first; "0.00" = none'),
  revision: s.integer({ minimum: 0, description: '0 = never set (the defaults); +1 on every change' }),
});

export const WorkOrderTreatments = v.add<WorkOrderTreatmentsView>('WorkOrderTreatments', {
  workOrderId: s.uuid(),
  organizationId: s.uuid(),
  clinicId: s.uuid(),
  labId: s.uuid(),
  patientId: s.nullable(s.uuid()),
  treatmentIds: s.array(s.uuid(), { description: 'the linked treatments, sorted' }),
  linksRevision: s.integer({ minimum: 0, description: '+1 on every change of the linked set' }),
});

const caseFigures = {
  treatmentAmount: s.money('the linked treatments'),
  labCost: s.money("the work order's total (split over its treatments by amount)"),
  profit: s.money('treatments − lab cost'),
};
const Share = v.add<CaseProfitShare>('CaseProfitShare', {
  physicianId: s.nullable(s.uuid('null: treatments with no physician ("Clinic")')),
  name: s.text('Dr. Ayşe Demir'),
  ...caseFigures,
});
const CaseRow = v.add<CaseProfitCaseRow>('CaseProfitCaseRow', {
  workOrderId: s.uuid(),
  number: s.text('WO-000042'),
  documentedDate: s.date(),
  labId: s.uuid(),
  labName: s.text('Smile Lab'),
  patientId: s.nullable(s.uuid()),
  treatmentIds: s.array(s.uuid()),
  ...caseFigures,
  physicians: s.array(Share),
});
const PhysicianRow = v.add<CaseProfitPhysicianRow>('CaseProfitPhysicianRow', {
  physicianId: s.nullable(s.uuid()),
  name: s.text('Dr. Ayşe Demir'),
  caseCount: s.count('cases with a linked treatment of the physician'),
  ...caseFigures,
});
const LabRow = v.add<CaseProfitLabRow>('CaseProfitLabRow', {
  labId: s.uuid(),
  labName: s.text('Smile Lab'),
  caseCount: s.count('cases'),
  ...caseFigures,
});

export type CaseProfitJson = Omit<CaseProfitAnswer, keyof ReportClinicLabel | 'nextCursor'>;
export const CaseProfit = v.add<CaseProfitJson>('CaseProfit', {
  clinicId: s.uuid(),
  currency: s.currency(),
  from: s.nullable(s.date()),
  to: s.nullable(s.date()),
  items: s.array(CaseRow),
  physicians: s.array(PhysicianRow),
  labs: s.array(LabRow),
  totals: s.object<CaseProfitTotals>({ caseCount: s.count('cases'), ...caseFigures }),
});
