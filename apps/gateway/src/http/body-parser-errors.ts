import { CommonErrors } from '@dental/contracts';
import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';

const bodyProblem = (reason: string) =>
  new BadRequestException({
    message: `body: ${reason}`,
    code: CommonErrors.VALIDATION,
    details: [{ field: 'body', reasons: [reason] }],
  });

/**
 * What the body parser refused, as the API error it is (a 400 naming `body`, a 413 or a 415 naming the header), never
 * the parser's own error (whose message would echo the body back and name no field). `fromParser`: the error came
 * from a parser, whatever its shape.
 */
export function bodyParserError(e: unknown, fromParser = false): unknown {
  const err = e as {
    type?: unknown;
    status?: unknown;
    expose?: unknown;
    charset?: unknown;
    encoding?: unknown;
    body?: unknown;
    limit?: unknown;
    code?: unknown;
  };
  if (!err || err.expose !== true || typeof err.status !== 'number' || err.status < 400 || err.status > 499) return e;
  // met outside the parsers (in the error filter): only the parsers' own errors, which carry a `type` (raw-body's,
  // body-parser's) or a zlib `code`; any other exposed 4xx (the file server's 404, 412 or 416) is not about a body
  if (!fromParser && typeof err.type !== 'string' && !/^Z_/.test(String(err.code ?? ''))) return e;
  switch (err.type) {
    case 'charset.unsupported':
      return new UnsupportedMediaTypeException({
        message: `Content-Type: charset ${String(err.charset ?? '')} is not supported; send UTF-8`,
        code: 'REQUEST.UNSUPPORTED_CHARSET',
      });
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeException({
        message: `Content-Encoding: ${String(err.encoding ?? '')} is not supported; send identity, gzip or deflate`,
        code: 'REQUEST.UNSUPPORTED_ENCODING',
      });
    case 'entity.too.large':
      return new PayloadTooLargeException({
        message: `body: must be at most ${String(err.limit)} bytes`,
        code: 'REQUEST.TOO_LARGE',
      });
    case 'entity.parse.failed': {
      const text = typeof err.body === 'string' ? err.body.trim() : '';
      return bodyProblem(text && !/^[[{]/.test(text) ? 'must be a JSON object' : 'is not valid JSON');
    }
    default:
      // an aborted or truncated body, a length that does not match Content-Length, a body that does not inflate
      return bodyProblem('could not be read as sent (its Content-Encoding or Content-Length does not match it)');
  }
}
