import { Caller } from '@dental/auth';
import {
  CallerContext,
  CopyPlanToTreatmentsDto,
  CreateFamilyDto,
  CreateInvoiceDto,
  CreatePatientDto,
  CreatePhysicianDto,
  CreateTreatmentDto,
  CreateTreatmentPlanDto,
  FamilyView,
  InvoiceView,
  ListByClinicQueryDto,
  ListPatientsQueryDto,
  ListView,
  PatientAccountSubjects,
  PatientListView,
  PatientView,
  PhysicianView,
  SetPatientFamilyDto,
  TreatmentPlanView,
  TreatmentView,
  UpdatePatientDto,
  CorrectTreatmentDto,
  CorrectionDto,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountErrors, ClinicErrors, PatientAccountErrors, PatientErrors } from '@dental/contracts';
import { PeriodClosureErrors } from '@dental/contracts';
import { ApiAnswer, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { Idempotent } from '../../http/idempotency.interceptor';
import { AccountViewService } from './account-view/account-view.service';
import { uuidParam } from '../../http/uuid-param';

/** Physicians are kept by `patient-accounts`; the gateway validates, authorizes and forwards. */
@ApiTags('patients')
@ApiBearerAuth()
@Controller('physicians')
export class PhysiciansController {
  constructor(private readonly rpc: RpcClient) {}

  @ApiOperation({ operationId: 'listPhysicians', summary: 'The physicians of the clinics the caller may see' })
  @ApiAnswer(V.PhysicianList, 'the physicians')
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Get()
  list(@Query() query: ListByClinicQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<ListView<PhysicianView>>(PatientAccountSubjects.listPhysicians, query, caller);
  }
  @ApiOperation({ operationId: 'createPhysician', summary: 'Add a physician to a clinic' })
  @ApiAnswer(V.Physician, 'the physician created')
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Post()
  create(@Body() dto: CreatePhysicianDto, @Caller() caller: CallerContext) {
    return this.rpc.request<PhysicianView>(PatientAccountSubjects.createPhysician, dto, caller);
  }
}

@ApiTags('patients')
@ApiBearerAuth()
@Controller('families')
export class FamiliesController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly views: AccountViewService,
  ) {}
  @ApiOperation({ operationId: 'createFamily', summary: 'Create a family' })
  @ApiAnswer(V.Family, 'the family created')
  @Post()
  create(@Body() dto: CreateFamilyDto, @Caller() caller: CallerContext) {
    return this.rpc.request<FamilyView>(PatientAccountSubjects.createFamily, dto, caller);
  }

  /** The family table: each member's treatments, received, unpaid or received more, and the family total. */
  @ApiOperation({ operationId: 'getFamilyAccount', summary: "A family's account table" })
  @ApiAnswer(V.FamilyAccount, 'each member and the family totals')
  @ApiErrors(PatientErrors.FAMILY_NOT_FOUND)
  @Get(':id/account')
  account(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.views.familyAccount(id, caller);
  }
}

/** Patients, their treatments, plans and invoices: kept by `patient-accounts`. */
@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly rpc: RpcClient) {}

  /** One page of patients (`{ items, total, page, pageSize }`), found by name, phone or e-mail with `q`. */
  @ApiOperation({ operationId: 'listPatients', summary: 'One page of patients, found by name, phone or e-mail' })
  @ApiAnswer(V.PatientList, 'one page of patients')
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Get()
  list(@Query() query: ListPatientsQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<PatientListView>(PatientAccountSubjects.listPatients, query, caller);
  }
  @ApiOperation({ operationId: 'createPatient', summary: 'Register a patient' })
  @ApiAnswer(V.Patient, 'the patient created')
  @ApiErrors(ClinicErrors.NOT_FOUND, PatientErrors.FAMILY_NOT_FOUND)
  @Post()
  create(@Body() dto: CreatePatientDto, @Caller() caller: CallerContext) {
    return this.rpc.request<PatientView>(PatientAccountSubjects.createPatient, dto, caller);
  }

  @ApiOperation({ operationId: 'getPatient', summary: 'One patient' })
  @ApiAnswer(V.Patient, 'the patient')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND)
  @Get(':id')
  get(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<PatientView>(PatientAccountSubjects.getPatient, { patientId: id }, caller);
  }
  /** Name and contact: what is sent changes (null clears phone or e-mail; the names cannot be cleared). */
  @ApiOperation({ operationId: 'updatePatient', summary: "Change a patient's name, phone or e-mail" })
  @ApiAnswer(V.Patient, 'the patient as it is now')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND)
  @Patch(':id')
  update(@Param('id', uuidParam('id')) id: string, @Body() dto: UpdatePatientDto, @Caller() caller: CallerContext) {
    return this.rpc.request<PatientView>(PatientAccountSubjects.updatePatient, { ...dto, patientId: id }, caller);
  }
  @ApiOperation({ operationId: 'setPatientFamily', summary: "Set or clear a patient's family" })
  @ApiAnswer(V.Patient, 'the patient as it is now')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND, PatientErrors.FAMILY_NOT_FOUND)
  @Put(':id/family')
  setFamily(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: SetPatientFamilyDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<PatientView>(
      PatientAccountSubjects.setPatientFamily,
      { familyId: dto.familyId, patientId: id },
      caller,
    );
  }
  @ApiOperation({ operationId: 'createPatientTreatment', summary: 'Add a treatment to a patient' })
  @ApiAnswer(V.Treatment, 'the treatment created')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    PatientErrors.PHYSICIAN_NOT_FOUND,
    PatientAccountErrors.PHYSICIAN_OTHER_CLINIC,
    AccountErrors.ACCOUNT_CLOSED,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @Idempotent()
  @Post(':id/treatments')
  createTreatment(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateTreatmentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<TreatmentView>(PatientAccountSubjects.createTreatment, { ...dto, patientId: id }, caller);
  }
  @ApiOperation({ operationId: 'updatePatientTreatment', summary: 'Correct a treatment' })
  @ApiAnswer(V.Treatment, 'the treatment as it is now')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    PatientErrors.TREATMENT_NOT_FOUND,
    PatientErrors.PHYSICIAN_NOT_FOUND,
    PatientAccountErrors.PHYSICIAN_OTHER_CLINIC,
    PatientAccountErrors.TREATMENT_INVOICED,
    AccountErrors.ACCOUNT_CLOSED,
    AccountErrors.TREATMENT_MANAGED_BY_PAYMENT,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @Idempotent()
  @Patch(':id/treatments/:treatmentId')
  updateTreatment(
    @Param('id', uuidParam('id')) id: string,
    @Param('treatmentId', uuidParam('treatmentId')) treatmentId: string,
    @Body() dto: CorrectTreatmentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<TreatmentView>(
      PatientAccountSubjects.updateTreatment,
      { ...dto, patientId: id, treatmentId },
      caller,
    );
  }
  @ApiOperation({ operationId: 'deletePatientTreatment', summary: 'Delete a treatment' })
  @ApiAnswer(V.Treatment, 'the deleted treatment as its last revision, with deleted: true')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    PatientErrors.TREATMENT_NOT_FOUND,
    PatientAccountErrors.TREATMENT_INVOICED,
    AccountErrors.ACCOUNT_CLOSED,
    AccountErrors.TREATMENT_MANAGED_BY_PAYMENT,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @Idempotent()
  @Delete(':id/treatments/:treatmentId')
  deleteTreatment(
    @Param('id', uuidParam('id')) id: string,
    @Param('treatmentId', uuidParam('treatmentId')) treatmentId: string,
    @Query() correction: CorrectionDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<TreatmentView>(
      PatientAccountSubjects.deleteTreatment,
      { ...correction, patientId: id, treatmentId },
      caller,
    );
  }
  @ApiOperation({ operationId: 'createPatientTreatmentPlan', summary: 'Make a treatment plan for a patient' })
  @ApiAnswer(V.TreatmentPlan, 'the plan created')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    PatientErrors.PHYSICIAN_NOT_FOUND,
    PatientAccountErrors.PHYSICIAN_OTHER_CLINIC,
  )
  @Idempotent()
  @Post(':id/treatment-plans')
  createPlan(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateTreatmentPlanDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<TreatmentPlanView>(
      PatientAccountSubjects.createTreatmentPlan,
      { ...dto, patientId: id },
      caller,
    );
  }
  @ApiOperation({ operationId: 'listPatientTreatmentPlans', summary: "A patient's treatment plans, newest first" })
  @ApiAnswer(V.TreatmentPlanList, 'the plans, each item with the treatment copied from it')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND)
  @Get(':id/treatment-plans')
  listPlans(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<{ items: TreatmentPlanView[] }>(
      PatientAccountSubjects.listTreatmentPlans,
      { patientId: id },
      caller,
    );
  }
  @ApiOperation({
    operationId: 'copyTreatmentPlanToTreatments',
    summary: "Copy a plan's items (all or some) to treatments",
  })
  @ApiAnswer(V.TreatmentList, 'the treatments created')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    AccountErrors.PLAN_NOT_FOUND,
    PatientErrors.PLAN_ITEM_NOT_FOUND,
    PatientAccountErrors.PLAN_ITEM_COPIED,
    AccountErrors.ACCOUNT_CLOSED,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @Idempotent()
  @Post(':id/treatment-plans/:planId/copy-to-treatments')
  copyPlan(
    @Param('id', uuidParam('id')) id: string,
    @Param('planId', uuidParam('planId')) planId: string,
    @Body() dto: CopyPlanToTreatmentsDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<TreatmentView[]>(
      PatientAccountSubjects.copyPlanToTreatments,
      { ...dto, patientId: id, planId },
      caller,
    );
  }
  @ApiOperation({ operationId: 'createPatientInvoice', summary: "Invoice some of a patient's treatments" })
  @ApiAnswer(V.Invoice, 'the invoice created')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    PatientErrors.TREATMENT_NOT_FOUND,
    PatientAccountErrors.TREATMENT_INVOICED,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @Idempotent()
  @Post(':id/invoices')
  createInvoice(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateInvoiceDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<InvoiceView>(PatientAccountSubjects.createInvoice, { ...dto, patientId: id }, caller);
  }
  @ApiOperation({ operationId: 'cancelPatientInvoice', summary: 'Cancel an invoice' })
  @ApiAnswer(V.Invoice, 'the invoice, cancelled')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND, PatientErrors.INVOICE_NOT_FOUND, PeriodClosureErrors.PERIOD_CLOSED)
  @Idempotent()
  @Delete(':id/invoices/:invoiceId')
  cancelInvoice(
    @Param('id', uuidParam('id')) id: string,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
    @Query() correction: CorrectionDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<InvoiceView>(
      PatientAccountSubjects.cancelInvoice,
      { ...correction, patientId: id, invoiceId },
      caller,
    );
  }
}
