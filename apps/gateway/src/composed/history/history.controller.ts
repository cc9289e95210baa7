import { Caller } from '@dental/auth';
import {
  AuditRecordView,
  CallerContext,
  HISTORY_SUBJECTS,
  HistoryErrors,
  HistoryQueryDto,
  HistorySubjects,
  PAYMENTS_HISTORY_SUBJECTS,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, ForbiddenException, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { userNames } from '../../identity/user-names';
import { ApiAnswer, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { historyOf } from './field-changes';

/** Who reads a patient's records (treatments, received money, invoices, closures): not the lab desk alone. */
const PATIENT_RECORD_READERS = ['admin', 'reception', 'physician', 'accountant'];

/**
 * The history of one record (DOMAIN.md E): every version with who, when, what, why and the fields changed. Money
 * records are kept by `payments`, treatments, invoices and closures by `patient-accounts`; deleted and undone ones
 * keep their history.
 */
@ApiTags('history')
@ApiBearerAuth()
@Controller('history')
export class HistoryController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly em: EntityManager,
  ) {}

  @ApiOperation({ operationId: 'getRecordHistory', summary: 'Every version of a record: who, when, why, what changed' })
  @ApiAnswer(V.RecordHistory, 'the versions, oldest first')
  @ApiErrors(HistoryErrors.NOT_FOUND)
  @ApiParam({ name: 'subject', enum: HISTORY_SUBJECTS, description: 'the kind of record' })
  @ApiParam({ name: 'id', format: 'uuid', description: "the record's id" })
  @Get(':subject/:id')
  async get(@Param() q: HistoryQueryDto, @Caller() caller: CallerContext) {
    const ofPayments = (PAYMENTS_HISTORY_SUBJECTS as readonly string[]).includes(q.subject);
    if (q.subject !== 'work-order-payment' && !caller.roles.some((r) => PATIENT_RECORD_READERS.includes(r)))
      throw new ForbiddenException(
        `the history of a ${q.subject} needs one of the roles: ${PATIENT_RECORD_READERS.join(', ')}`,
      );
    const { items } = await this.rpc.request<{ items: AuditRecordView[] }>(
      ofPayments ? HistorySubjects.payments : HistorySubjects.patientAccounts,
      { subject: q.subject, id: q.id },
      caller,
    );
    const names = await userNames(
      this.em.fork(),
      caller.organizationId,
      items.map((e) => e.userId).filter((id) => isUUID(id)),
    );
    return { items: historyOf(items, names) };
  }
}
