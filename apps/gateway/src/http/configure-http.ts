import { CommonErrors, HEADERS } from '@dental/contracts';
import { FieldValidationPipe, flattenValidationErrors, RequestContext, SpanKind, startSpan } from '@dental/messaging';
import { BadRequestException, HttpException, INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { createGatewayDocument } from '../openapi/gateway-document';
import { bodyParserError } from './body-parser-errors';
import { ApiErrorFilter } from './error.filter';
import { RejectNulPipe } from './reject-nul.pipe';

/** A field as a client reads it: a key that is the empty string is named `""`. */
const fieldName = (field: string) =>
  field
    .split('.')
    .map((part) => (part === '' ? '""' : part))
    .join('.');

/** A 400 that names every bad field and why. */
export const validationPipe = new FieldValidationPipe((errors) => {
  const details = flattenValidationErrors(errors).map((d) => ({ ...d, field: fieldName(d.field) }));
  return new BadRequestException({
    message: details.map((d) => `${d.field}: ${d.reasons.join(', ')}`).join('; '),
    code: CommonErrors.VALIDATION,
    details,
  });
});

/**
 * The JSON and form parsers Nest would install (same settings; named as Nest names them, so Nest adds none of its
 * own), with their errors turned into API errors before any route sees the request.
 */
export function bodyParsers(): RequestHandler[] {
  const wrap =
    (parser: RequestHandler): RequestHandler =>
    (req, res, next) =>
      parser(req, res, (err?: unknown) => (err ? next(bodyParserError(err, true) as HttpException) : next()));
  // body-parser reads any "utf-*" charset (utf-7 included, a known way to smuggle markup past filters): only UTF-8
  const onlyUtf8 =
    (parser: RequestHandler): RequestHandler =>
    (req, res, next) => {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset && charset !== 'utf-8' && charset !== 'utf8')
        return next(bodyParserError({ status: 415, expose: true, type: 'charset.unsupported', charset }));
      parser(req, res, next);
    };
  const json = onlyUtf8(wrap(express.json()));
  const urlencoded = onlyUtf8(wrap(express.urlencoded({ extended: true })));
  return [
    function jsonParser(req, res, next) {
      json(req, res, next);
    },
    function urlencodedParser(req, res, next) {
      urlencoded(req, res, next);
    },
  ];
}

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
  for (const parser of bodyParsers()) app.use(parser);
  applyApiPrefix(app);
  app.useGlobalPipes(new RejectNulPipe(), validationPipe);
  app.useGlobalFilters(new ApiErrorFilter());
  // the same document as the committed apps/gateway/openapi.json (npm run openapi)
  const document = createGatewayDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** /api/v1 in front of every route but the probes and the metrics. */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', {
    exclude: ['health/live', 'health/ready', 'api/v1/health/live', 'api/v1/health/ready', 'metrics'],
  });
}
