// The requests `work-orders` answers (issue 18): each subject with its request class and the name of its reply's
// type, for the registry (libs/contracts/src/contract.ts) and the schema snapshot. Keys mirror the `…Subjects` constants.
import { defineRpc } from '../contract';
import { PeriodClosureReopened } from '../patient-accounts/patient-accounts.rpc';
import {
  ApplyPeriodClosureCommand,
  PeriodClosureApplied,
  PeriodClosureRefCommand,
  PeriodClosureSubjects,
  ReopenPeriodClosureCommand,
} from '../shared/period-closures.contracts';
import {
  SetWorkOrderTreatmentsCommand,
  WorkOrderTreatmentSubjects,
  WorkOrderTreatmentsView,
} from './work-order-treatments.contracts';
import {
  CreateLabDto,
  CreateWorkOrderDto,
  LabIdDto,
  LabListView,
  LabView,
  ListLabsQueryDto,
  ListWorkOrdersQueryDto,
  UpdateLabCommand,
  UpdateWorkOrderCommand,
  WorkOrderIdDto,
  WorkOrderListView,
  WorkOrderSubjects,
  WorkOrderView,
} from './work-orders.contracts';

export const WorkOrderRpc = {
  createLab: defineRpc<CreateLabDto, LabView>({
    subject: WorkOrderSubjects.createLab,
    request: CreateLabDto,
    response: 'LabView',
  }),
  updateLab: defineRpc<UpdateLabCommand, LabView>({
    subject: WorkOrderSubjects.updateLab,
    request: UpdateLabCommand,
    response: 'LabView',
  }),
  listLabs: defineRpc<ListLabsQueryDto, LabListView>({
    subject: WorkOrderSubjects.listLabs,
    request: ListLabsQueryDto,
    response: 'LabListView',
  }),
  getLab: defineRpc<LabIdDto, LabView>({
    subject: WorkOrderSubjects.getLab,
    request: LabIdDto,
    response: 'LabView',
  }),
  createWorkOrder: defineRpc<CreateWorkOrderDto, WorkOrderView>({
    subject: WorkOrderSubjects.createWorkOrder,
    request: CreateWorkOrderDto,
    response: 'WorkOrderView',
  }),
  updateWorkOrder: defineRpc<UpdateWorkOrderCommand, WorkOrderView>({
    subject: WorkOrderSubjects.updateWorkOrder,
    request: UpdateWorkOrderCommand,
    response: 'WorkOrderView',
  }),
  listWorkOrders: defineRpc<ListWorkOrdersQueryDto, WorkOrderListView>({
    subject: WorkOrderSubjects.listWorkOrders,
    request: ListWorkOrdersQueryDto,
    response: 'WorkOrderListView',
  }),
  getWorkOrder: defineRpc<WorkOrderIdDto, WorkOrderView>({
    subject: WorkOrderSubjects.getWorkOrder,
    request: WorkOrderIdDto,
    response: 'WorkOrderView',
  }),
} as const;

export const WorkOrderTreatmentRpc = {
  setTreatments: defineRpc<SetWorkOrderTreatmentsCommand, WorkOrderTreatmentsView>({
    subject: WorkOrderTreatmentSubjects.setTreatments,
    request: SetWorkOrderTreatmentsCommand,
    response: 'WorkOrderTreatmentsView',
  }),
} as const;

/** work-orders' part of PeriodClosureSubjects: its copy of the closures. */
export const WorkOrderPeriodClosureRpc = {
  apply: defineRpc<ApplyPeriodClosureCommand, PeriodClosureApplied>({
    subject: PeriodClosureSubjects.apply['work-orders'],
    request: ApplyPeriodClosureCommand,
    response: 'PeriodClosureApplied',
  }),
  revoke: defineRpc<PeriodClosureRefCommand, void>({
    subject: PeriodClosureSubjects.revoke['work-orders'],
    request: PeriodClosureRefCommand,
    response: null,
  }),
  reopen: defineRpc<ReopenPeriodClosureCommand, PeriodClosureReopened>({
    subject: PeriodClosureSubjects.reopen['work-orders'],
    request: ReopenPeriodClosureCommand,
    response: 'PeriodClosureReopened',
  }),
} as const;
