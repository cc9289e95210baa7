import { AccountSubjects, CallerContext, FamilyIdDto } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { FamilyMembersHandler } from './family-members/family-members.handler';

/** NATS transport of the family account's query. */
@BusController()
export class FamiliesRpcController {
  constructor(private readonly members: FamilyMembersHandler) {}

  @MessagePattern(AccountSubjects.family)
  family(@Payload() q: FamilyIdDto, @Caller() caller: CallerContext) {
    return this.members.execute(q.familyId, caller);
  }
}
