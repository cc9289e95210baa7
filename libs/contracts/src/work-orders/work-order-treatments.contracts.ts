import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';

// DOMAIN.md D "Case profit": a lab case (work order) linked to the treatments of its patient, kept by `work-orders`.
export const WorkOrderTreatmentSubjects = {
  setTreatments: 'work-orders.cmd.set-work-order-treatments',
} as const;

export const WorkOrderTreatmentEvents = {
  treatmentsLinked: 'work-orders.work-order.treatments-linked',
} as const;

export const WorkOrderTreatmentErrors = {
  /** 409: a treatment of another patient (or clinic) than the work order's, or a work order without a patient */
  TREATMENT_OF_OTHER_PATIENT: 'WORK_ORDER.TREATMENT_OF_OTHER_PATIENT',
} as const;

/** PUT /work-orders/:id/treatments: the whole set of linked treatments (an empty list unlinks every one). */
export class WorkOrderTreatmentsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: 100,
    description: "treatments of the work order's patient; replaces the linked set (duplicates count once)",
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  treatmentIds: string[];
}

export class SetWorkOrderTreatmentsCommand extends WorkOrderTreatmentsDto {
  @IsUUID()
  workOrderId: string;
}

/** The RPC answer (the event payload is its own class, WorkOrderTreatmentsLinkedV1 in work-orders.events.ts). */
export interface WorkOrderTreatmentsView {
  workOrderId: string;
  organizationId: string;
  clinicId: string;
  labId: string;
  patientId: string | null;
  /** sorted; empty = no treatment linked */
  treatmentIds: string[];
  /** 0 = never linked; +1 on every change of the set: consumers keep the highest */
  linksRevision: number;
}
