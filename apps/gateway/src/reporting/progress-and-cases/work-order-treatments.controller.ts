import { Caller } from '@dental/auth';
import {
  CallerContext,
  PatientErrors,
  WorkOrderErrors,
  WorkOrderTreatmentErrors,
  WorkOrderTreatmentsDto,
  WorkOrderTreatmentSubjects,
  WorkOrderTreatmentsView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../http/uuid-param';
import { ApiAnswer, ApiErrors } from '../../openapi/api-docs';
import * as V from './progress-and-cases.views';

/** A lab case linked to its patient's treatments (DOMAIN.md D "Case profit"), kept by `work-orders`. */
@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrderTreatmentsController {
  constructor(private readonly rpc: RpcClient) {}

  @ApiOperation({
    operationId: 'setWorkOrderTreatments',
    summary: "Link a lab case to its patient's treatments (the given set replaces the linked one; [] unlinks all)",
  })
  @ApiAnswer(V.WorkOrderTreatments, 'the linked treatments as they are now')
  @ApiErrors(
    WorkOrderErrors.NOT_FOUND,
    PatientErrors.TREATMENT_NOT_FOUND,
    PatientErrors.PATIENT_NOT_FOUND,
    WorkOrderTreatmentErrors.TREATMENT_OF_OTHER_PATIENT,
  )
  @Put(':id/treatments')
  setTreatments(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: WorkOrderTreatmentsDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<WorkOrderTreatmentsView>(
      WorkOrderTreatmentSubjects.setTreatments,
      { workOrderId: id, treatmentIds: dto.treatmentIds },
      caller,
    );
  }
}
