import { CommonErrors } from '@dental/contracts';
import { findUnstorableValue } from '@dental/messaging';
import { ArgumentMetadata, BadRequestException, PipeTransform } from '@nestjs/common';

/**
 * Any body, query or path value a service could not store (a NUL character, a body nested too deep, a `__proto__`
 * key: libs/messaging `findUnstorableValue`) is a 400 naming the field here, before a service could fail on it.
 */
export class RejectNulPipe implements PipeTransform {
  transform(value: unknown, metadata?: ArgumentMetadata): unknown {
    // a single path or query parameter (@Param('id')) is named by its decorator; a whole body or query by its keys
    const problem = findUnstorableValue(value, metadata?.data ?? '');
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
