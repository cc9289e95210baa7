import { Caller, Roles } from '@dental/auth';
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
  UpdateTreatmentDto,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../http/idempotency.interceptor';
import { AccountViewService } from './account-view/account-view.service';
import { ACCOUNT_READERS, TREATMENT_WRITERS as WRITERS, uuidParam } from './patient-routes';

/** Physicians are kept by `patient-accounts`; the gateway validates, authorizes and forwards. */
@ApiTags('patients')
@ApiBearerAuth()
@Controller('physicians')
export class PhysiciansController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@Query() query: ListByClinicQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<ListView<PhysicianView>>(PatientAccountSubjects.listPhysicians, query, caller);
  }

  @Roles(...WRITERS)
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

  @Roles(...WRITERS)
  @Post()
  create(@Body() dto: CreateFamilyDto, @Caller() caller: CallerContext) {
    return this.rpc.request<FamilyView>(PatientAccountSubjects.createFamily, dto, caller);
  }

  /** The family table: each member's treatments, received, unpaid or received more, and the family total. */
  @Roles(...ACCOUNT_READERS)
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
  @Get()
  list(@Query() query: ListPatientsQueryDto, @Caller() caller: CallerContext) {
    return this.rpc.request<PatientListView>(PatientAccountSubjects.listPatients, query, caller);
  }

  @Roles(...WRITERS)
  @Post()
  create(@Body() dto: CreatePatientDto, @Caller() caller: CallerContext) {
    return this.rpc.request<PatientView>(PatientAccountSubjects.createPatient, dto, caller);
  }

  @Get(':id')
  get(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<PatientView>(PatientAccountSubjects.getPatient, { patientId: id }, caller);
  }

  @Roles(...WRITERS)
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

  @Roles(...WRITERS)
  @Idempotent()
  @Post(':id/treatments')
  createTreatment(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateTreatmentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<TreatmentView>(PatientAccountSubjects.createTreatment, { ...dto, patientId: id }, caller);
  }

  @Roles(...WRITERS)
  @Idempotent()
  @Patch(':id/treatments/:treatmentId')
  updateTreatment(
    @Param('id', uuidParam('id')) id: string,
    @Param('treatmentId', uuidParam('treatmentId')) treatmentId: string,
    @Body() dto: UpdateTreatmentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<TreatmentView>(
      PatientAccountSubjects.updateTreatment,
      { ...dto, patientId: id, treatmentId },
      caller,
    );
  }

  @Roles(...WRITERS)
  @Idempotent()
  @Delete(':id/treatments/:treatmentId')
  deleteTreatment(
    @Param('id', uuidParam('id')) id: string,
    @Param('treatmentId', uuidParam('treatmentId')) treatmentId: string,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<TreatmentView>(
      PatientAccountSubjects.deleteTreatment,
      { patientId: id, treatmentId },
      caller,
    );
  }

  @Roles(...WRITERS)
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

  @Roles(...WRITERS)
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

  @Roles(...WRITERS)
  @Idempotent()
  @Post(':id/invoices')
  createInvoice(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateInvoiceDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<InvoiceView>(PatientAccountSubjects.createInvoice, { ...dto, patientId: id }, caller);
  }

  @Roles(...WRITERS)
  @Idempotent()
  @Delete(':id/invoices/:invoiceId')
  cancelInvoice(
    @Param('id', uuidParam('id')) id: string,
    @Param('invoiceId', uuidParam('invoiceId')) invoiceId: string,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<InvoiceView>(PatientAccountSubjects.cancelInvoice, { patientId: id, invoiceId }, caller);
  }
}
