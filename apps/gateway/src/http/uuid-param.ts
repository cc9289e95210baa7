import { CommonErrors } from '@dental/contracts';
import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** The one rule for a path id: a UUID, or a 400 naming the parameter (`id: must be a UUID`) on every route. */
export const uuidParam = (name: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new BadRequestException({
        message: `${name}: must be a UUID`,
        code: CommonErrors.VALIDATION,
        details: [{ field: name, reasons: ['must be a UUID'] }],
      }),
  });
