import { CommonErrors } from '@dental/contracts';
import { ArgumentMetadata, BadRequestException, PipeTransform } from '@nestjs/common';

/**
 * PostgreSQL text cannot hold the NUL character: any string with one, anywhere in a body, query or path, is a 400
 * naming the field here, before a service could fail on it with a 500.
 */
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata?: ArgumentMetadata): unknown {
    // a single path or query parameter (@Param('id')) is named by its decorator; a whole body or query by its keys
    const field = findNul(value, metadata?.data ?? '');
    if (field !== null) {
      const details = [{ field: field || 'value', reasons: ['must not contain the NUL character'] }];
      throw new BadRequestException({
        message: `${details[0].field}: must not contain the NUL character`,
        code: CommonErrors.VALIDATION,
        details,
      });
    }
    return value;
  }
}

function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = findNul(inner, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}
