import { CommonErrors, HEADERS } from '@dental/contracts';
import { flattenValidationErrors, RequestContext, SpanKind, startSpan } from '@dental/messaging';
import { BadRequestException, INestApplication, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { ApiErrorFilter } from './error.filter';
import { RejectNulPipe } from './reject-nul.pipe';

/** A 400 that names every bad field and why. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const details = flattenValidationErrors(errors);
    return new BadRequestException({
      message: details.map((d) => `${d.field}: ${d.reasons.join(', ')}`).join('; '),
      code: CommonErrors.VALIDATION,
      details,
    });
  },
});

/** The public API: /api/v1, helmet, correlation ids, errors as API.md says, OpenAPI at /api/docs. */
export function configureGatewayHttp(app: INestApplication): void {
  app.use(helmet());
  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.headers[HEADERS.correlationId];
    const correlationId = (typeof given === 'string' && /^[\w-]{1,100}$/.test(given) && given) || randomUUID();
    req.headers[HEADERS.correlationId] = correlationId;
    res.setHeader(HEADERS.correlationId, correlationId);
    // A trace starts here (or continues the caller's traceparent) and follows the request over NATS.
    const incoming = req.headers[HEADERS.traceparent];
    const span = startSpan(`HTTP ${req.method}`, SpanKind.SERVER, typeof incoming === 'string' ? incoming : undefined, {
      'http.target': req.originalUrl,
    });
    res.setHeader('traceresponse', span.traceparent ?? '');
    res.on('finish', () => {
      span.span.setAttribute('http.status_code', res.statusCode);
      span.end(res.statusCode >= 500 ? `HTTP ${res.statusCode}` : undefined);
    });
    RequestContext.run({ correlationId, traceId: span.traceId, traceparent: span.traceparent }, next);
  });
  app.setGlobalPrefix('api/v1', {
    exclude: ['health/live', 'health/ready', 'api/v1/health/live', 'api/v1/health/ready', 'metrics'],
  });
  app.useGlobalPipes(new RejectNulPipe(), validationPipe);
  app.useGlobalFilters(new ApiErrorFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dental finance gateway')
      .setDescription(
        'Public API v1: money as decimal strings, dates as YYYY-MM-DD, errors as { statusCode, error, message, code, details }',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
