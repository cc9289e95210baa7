import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { RequestContext } from '@dental/messaging';

/** JSON logs; every line carries the correlation id of the request or message being handled. */
export function loggingModule(service: string, level: string) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      messageKey: 'msg',
      mixin: () => {
        const ctx = RequestContext.current();
        return ctx ? { correlationId: ctx.correlationId, ...(ctx.traceId ? { traceId: ctx.traceId } : {}) } : {};
      },
      genReqId: (req: IncomingMessage) => {
        const header = req.headers['x-correlation-id'];
        return (Array.isArray(header) ? header[0] : header) || randomUUID();
      },
      autoLogging: {
        ignore: (req: IncomingMessage) => Boolean(req.url?.startsWith('/health') || req.url === '/metrics'),
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
  });
}
