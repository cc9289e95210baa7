import { CallerContext, JournalLinesQueryDto, JournalSubjects } from '@dental/contracts';
import { BusController, Caller } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { JournalLinesHandler } from './queries/journal-lines.handler';

/** NATS transport of the journal query: validated payload in, handler result out. */
@BusController()
export class JournalRpcController {
  constructor(private readonly lines: JournalLinesHandler) {}

  @MessagePattern(JournalSubjects.lines)
  journalLines(@Payload() query: JournalLinesQueryDto, @Caller() caller: CallerContext) {
    return this.lines.execute(query, caller);
  }
}
