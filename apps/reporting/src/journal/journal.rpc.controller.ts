import { CallerContext, JournalLinesQueryDto, JournalSubjects } from '@dental/contracts';
import { RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { JournalLinesHandler } from './queries/journal-lines.handler';

/** NATS transport of the journal query: validated payload in, handler result out. */
@Injectable()
export class JournalRpcController {
  constructor(private readonly lines: JournalLinesHandler) {}

  @RpcHandler(JournalSubjects.lines, JournalLinesQueryDto)
  journalLines(query: JournalLinesQueryDto, caller: CallerContext) {
    return this.lines.execute(query, caller);
  }
}
