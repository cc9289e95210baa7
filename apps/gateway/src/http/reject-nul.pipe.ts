import { CommonErrors } from '@dental/contracts';
import { ArgumentMetadata, BadRequestException, PipeTransform } from '@nestjs/common';

/** Deeper than this a body is no request of ours, and recursive code after it (validation) would overflow. */
export const MAX_BODY_DEPTH = 32;

/**
 * PostgreSQL text cannot hold the NUL character: any string with one, anywhere in a body, query or path, is a 400
 * naming the field here, before a service could fail on it with a 500. A body nested deeper than MAX_BODY_DEPTH is a
 * 400 too, and so is a `__proto__` key (an unknown field that would otherwise vanish unnoticed). The walk is iterative,
 * so no body can overflow the stack here.
 */
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata?: ArgumentMetadata): unknown {
    // a single path or query parameter (@Param('id')) is named by its decorator; a whole body or query by its keys
    const problem = findProblem(value, metadata?.data ?? '');
    if (problem) {
      const details = [{ field: problem.field || 'value', reasons: [problem.reason] }];
      throw new BadRequestException({
        message: `${details[0].field}: ${problem.reason}`,
        code: CommonErrors.VALIDATION,
        details,
      });
    }
    return value;
  }
}

function findProblem(root: unknown, rootPath: string): { field: string; reason: string } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: path, reason: 'must not contain the NUL character' };
      continue;
    }
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_BODY_DEPTH)
      return { field: path, reason: `must not be nested deeper than ${MAX_BODY_DEPTH} levels` };
    const entries = Object.entries(value);
    // reversed onto the stack, so the first field with a problem is the one named
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i];
      // JSON.parse keeps "__proto__" as an own key, which class-transformer then drops without a word: an unknown
      // field like any other, refused here rather than silently ignored
      if (key === '__proto__')
        return {
          field: Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
          reason: 'is not a field of this request',
        };
      stack.push({
        value: inner,
        path: Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
        depth: depth + 1,
      });
    }
  }
  return null;
}
