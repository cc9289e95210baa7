import { CommonErrors, DomainError, ErrorBody } from '@dental/contracts';
import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { isInfrastructureFailure } from '../infrastructure-failure';
import { BusEventContext, BusRequestContext } from './bus-context';

const logger = new Logger('BusExceptionFilter');

/**
 * The one map from a failure to the catalog's answer: a DomainError keeps its code and status; bad JSON is a 400; our
 * own infrastructure failing (database down, lost connection, serialization failure, a neighbour's 503) is a 503
 * `SERVICE.UNAVAILABLE` (its transaction rolled back, nothing was stored); anything else is a bug, a logged 500.
 */
export function toErrorBody(e: unknown, subject: string, service: string): ErrorBody {
  if (e instanceof DomainError) return e.toBody();
  if (e instanceof SyntaxError)
    return { code: CommonErrors.VALIDATION, status: 400, message: 'the body is not valid JSON' };
  if (isInfrastructureFailure(e)) {
    logger.warn({ err: e, subject }, 'request failed on infrastructure');
    return {
      code: CommonErrors.UNAVAILABLE,
      status: 503,
      message: `${service} cannot reach its database or the bus right now; retry shortly`,
    };
  }
  logger.error({ err: e, subject }, 'request failed');
  return { code: CommonErrors.INTERNAL, status: 500, message: 'the service failed to handle the request' };
}

/**
 * Every error of a message handler. A request's becomes an `RpcException` carrying the catalog's error body, which the
 * server sends back and the caller's RpcClient turns into the same DomainError (the gateway maps it to HTTP). An
 * event's is passed on as it is: the consumer decides between pausing (an outage), retrying and dead-lettering.
 */
@Catch()
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const ctx = host.switchToRpc().getContext<BusRequestContext | BusEventContext>();
    if (!(ctx instanceof BusRequestContext) || exception instanceof RpcException) return throwError(() => exception);
    return throwError(() => new RpcException(toErrorBody(exception, ctx.getSubject(), ctx.getService())));
  }
}
