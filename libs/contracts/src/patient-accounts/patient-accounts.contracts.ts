import { ItemCount, PageQueryDto } from '../paging';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CorrectionDto, OptionalCorrectionDto } from '../shared/corrections.contracts';
import { IsCalendarDate, IsMoneyString, IsPercentString, IsStoredText } from '../validation';

// DOMAIN.md part B. Patients, families, physicians, treatments, plans and invoices are kept by `patient-accounts`.
export const PatientAccountSubjects = {
  createPhysician: 'patient-accounts.cmd.create-physician',
  listPhysicians: 'patient-accounts.query.list-physicians',
  createPatient: 'patient-accounts.cmd.create-patient',
  listPatients: 'patient-accounts.query.list-patients',
  getPatient: 'patient-accounts.query.get-patient',
  updatePatient: 'patient-accounts.cmd.update-patient',
  createFamily: 'patient-accounts.cmd.create-family',
  setPatientFamily: 'patient-accounts.cmd.set-patient-family',
  createTreatment: 'patient-accounts.cmd.create-treatment',
  updateTreatment: 'patient-accounts.cmd.update-treatment',
  deleteTreatment: 'patient-accounts.cmd.delete-treatment',
  createTreatmentPlan: 'patient-accounts.cmd.create-treatment-plan',
  copyPlanToTreatments: 'patient-accounts.cmd.copy-plan-to-treatments',
  listTreatmentPlans: 'patient-accounts.query.list-treatment-plans',
  createInvoice: 'patient-accounts.cmd.create-invoice',
  cancelInvoice: 'patient-accounts.cmd.cancel-invoice',
} as const;

export const PatientAccountEvents = {
  treatmentCreated: 'patient-accounts.treatment.created',
  treatmentUpdated: 'patient-accounts.treatment.updated',
  treatmentDeleted: 'patient-accounts.treatment.deleted',
} as const;

export const PatientAccountErrors = {
  TREATMENT_INVOICED: 'TREATMENT.INVOICED',
  PLAN_ITEM_COPIED: 'TREATMENT_PLAN.ITEM_ALREADY_COPIED',
  PHYSICIAN_OTHER_CLINIC: 'PHYSICIAN.OTHER_CLINIC',
  FAMILY_OTHER_ORGANIZATION: 'FAMILY.NOT_FOUND',
} as const;

export class CreatePhysicianDto {
  @ApiProperty()
  @IsUUID()
  clinicId: string;

  @ApiProperty({ example: 'Dr. Ayşe Demir' })
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '30.00', description: 'progress-payment commission, 0..100' })
  @IsOptional()
  @IsPercentString()
  commissionPercent?: string;
}

export class ListByClinicQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

/** GET /patients: one page of a clinic's patients, found by name, phone or e-mail (`q`). */
export class ListPatientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  familyId?: string;

  @ApiPropertyOptional({
    description: 'every word must appear in the first name, last name, phone or e-mail (case and accents ignored)',
    example: 'yilmaz',
  })
  @IsOptional()
  @IsStoredText()
  @MaxLength(100)
  q?: string;
}

/** A page of patients, ordered by last name, first name, id. */
export interface PatientListView {
  items: PatientView[];
  total: ItemCount;
  page: number;
  pageSize: number;
}

export class CreatePatientDto {
  @ApiProperty()
  @IsUUID()
  clinicId: string;

  @ApiProperty({ example: 'Ali' })
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(200)
  firstName: string;

  @ApiProperty({ example: 'Yılmaz' })
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(200)
  lastName: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsStoredText()
  @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  familyId?: string;
}

/**
 * PATCH /patients/:id: the fields to change, each optional. The names may be left out but not cleared (null or blank
 * is a 400 naming the field); `phone` and `email` are cleared with null (a blank phone too). The clinic is not moved
 * here, and the family is set with PUT /patients/:id/family.
 */
export class UpdatePatientDto {
  @ApiPropertyOptional({ example: 'Ali' })
  @IsOptional()
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(200)
  firstName?: string;

  @ApiPropertyOptional({ example: 'Yılmaz' })
  @IsOptional()
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(200)
  lastName?: string;

  @ApiPropertyOptional({ nullable: true, example: '+90 555 111 22 33', description: 'null (or blank) clears it' })
  @IsOptional()
  @IsStoredText()
  @MaxLength(50)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'ali@example.com', description: 'null clears it' })
  @IsOptional()
  @IsEmail()
  email?: string | null;
}

export class UpdatePatientCommand extends UpdatePatientDto {
  @IsUUID()
  patientId: string;
}

export class PatientIdDto {
  @IsUUID()
  patientId: string;
}

export class CreateFamilyDto {
  @ApiProperty({ example: 'Yılmaz family' })
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

export class SetPatientFamilyDto {
  @ApiProperty({ nullable: true, description: 'null takes the patient out of its family' })
  @ValidateIf((o: SetPatientFamilyDto) => o.familyId !== null)
  @IsUUID()
  familyId: string | null;
}

export class SetPatientFamilyCommand extends SetPatientFamilyDto {
  @IsUUID()
  patientId: string;
}

export class CreateTreatmentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  physicianId?: string;

  @ApiProperty({ example: 'Composite filling' })
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(500)
  procedure: string;

  @ApiPropertyOptional({ example: '26' })
  @IsOptional()
  @IsStoredText()
  @MaxLength(20)
  tooth?: string;

  @ApiProperty({ example: '2026-11-21' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '600.00', description: 'above 0' })
  @IsMoneyString()
  amount: string;
}

export class CreateTreatmentCommand extends CreateTreatmentDto {
  @IsUUID()
  patientId: string;
}

export class UpdateTreatmentDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID()
  physicianId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(500)
  procedure?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsStoredText()
  @MaxLength(20)
  tooth?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsMoneyString()
  amount?: string;
}

/** The public PATCH body: the fields to change and why (DOMAIN.md E). */
export class CorrectTreatmentDto extends IntersectionType(UpdateTreatmentDto, CorrectionDto) {}

export class UpdateTreatmentCommand extends IntersectionType(UpdateTreatmentDto, OptionalCorrectionDto) {
  @IsUUID()
  patientId: string;

  @IsUUID()
  treatmentId: string;
}

export class TreatmentIdDto {
  @IsUUID()
  patientId: string;

  @IsUUID()
  treatmentId: string;
}

export class DeleteTreatmentCommand extends IntersectionType(TreatmentIdDto, OptionalCorrectionDto) {}

export class TreatmentPlanItemDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  physicianId?: string;

  @ApiProperty({ example: 'Root canal 36' })
  @IsStoredText()
  @IsNotEmpty()
  @MaxLength(500)
  procedure: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsStoredText()
  @MaxLength(20)
  tooth?: string;

  @ApiProperty({ example: '400.00' })
  @IsMoneyString()
  amount: string;
}

export class CreateTreatmentPlanDto {
  @ApiProperty({ type: [TreatmentPlanItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TreatmentPlanItemDto)
  items: TreatmentPlanItemDto[];
}

export class CreateTreatmentPlanCommand extends CreateTreatmentPlanDto {
  @IsUUID()
  patientId: string;
}

export class CopyPlanToTreatmentsDto {
  @ApiPropertyOptional({ description: 'absent: every item not copied yet' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  itemIds?: string[];

  @ApiProperty({ example: '2026-11-21', description: 'the date the treatments were performed' })
  @IsCalendarDate()
  date: string;
}

export class CopyPlanToTreatmentsCommand extends CopyPlanToTreatmentsDto {
  @IsUUID()
  patientId: string;

  @IsUUID()
  planId: string;
}

export class CreateInvoiceDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  treatmentIds: string[];
}

export class CreateInvoiceCommand extends CreateInvoiceDto {
  @IsUUID()
  patientId: string;
}

export class InvoiceIdDto {
  @IsUUID()
  patientId: string;

  @IsUUID()
  invoiceId: string;
}

export class CancelInvoiceCommand extends IntersectionType(InvoiceIdDto, OptionalCorrectionDto) {}

export interface PhysicianView {
  id: string;
  organizationId: string;
  clinicId: string;
  name: string;
  /** "30.00"; null = no commission set */
  commissionPercent: string | null;
}

export interface PatientView {
  id: string;
  organizationId: string;
  clinicId: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  email: string | null;
  familyId: string | null;
  currency: string;
}

export interface FamilyView {
  id: string;
  organizationId: string;
  name: string;
}

/** The RPC answer and the event snapshot: the whole treatment, with a revision that grows on every change. */
export interface TreatmentView {
  id: string;
  organizationId: string;
  clinicId: string;
  patientId: string;
  physicianId: string | null;
  procedure: string;
  tooth: string | null;
  date: string;
  amount: string;
  currency: string;
  copiedFromPlanning: boolean;
  planItemId: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  deleted: boolean;
  revision: number;
}
// TreatmentSnapshotV1, the payload of the treatment events, is its own class: patient-accounts.events.ts.

export interface TreatmentPlanView {
  id: string;
  organizationId: string;
  clinicId: string;
  patientId: string;
  items: {
    id: string;
    physicianId: string | null;
    procedure: string;
    tooth: string | null;
    amount: string;
    /** the treatment made from it by copy-to-treatments; null = not copied yet */
    treatmentId: string | null;
  }[];
  totalAmount: string;
  currency: string;
}

export interface InvoiceView {
  id: string;
  organizationId: string;
  clinicId: string;
  patientId: string;
  number: string;
  date: string;
  totalAmount: string;
  currency: string;
  treatmentIds: string[];
  cancelled: boolean;
}

export interface ListView<T> {
  items: T[];
  total: ItemCount;
}
