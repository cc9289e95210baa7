import { AccountSubjects, CallerContext, FamilyIdDto } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { FamilyMembersHandler } from './family-members/family-members.handler';

/** NATS transport of the family account's query. */
@Injectable()
export class FamiliesRpcController {
  constructor(private readonly members: FamilyMembersHandler) {}

  @RpcHandler(AccountSubjects.family, FamilyIdDto)
  family(q: FamilyIdDto, caller: CallerContext) {
    return this.members.execute(q.familyId, caller);
  }
}
