import { ServiceConfig } from '@dental/platform';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

/** The notifications service's own environment on top of every service's (README: Configuration). */
export class NotificationsConfig extends ServiceConfig {
  /** smtp://user:pass@host:587 or smtps://…; unset = e-mail deliveries fail into the dead letter (logged). */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must look like smtp://user:password@host:587' })
  SMTP_URL?: string;

  @Matches(/^[^\r\n]*<?[^@\s<>]+@[^@\s<>]+>?$/, {
    message: 'SMTP_FROM must be an address like "Clinic <no-reply@clinic.example>"',
  })
  SMTP_FROM = 'Dental Finance <no-reply@dental-finance.invalid>';

  /** How often the scheduler looks for due reminders, deliveries to retry, reports and alerts to close. */
  @Transform(toInt)
  @IsInt({ message: 'SCHEDULER_INTERVAL_MS must be a whole number' })
  @Min(20)
  @Max(3_600_000)
  SCHEDULER_INTERVAL_MS = 30_000;

  /** Tries per delivery; after the last failed one the delivery is dead (dead letter). */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_MAX_ATTEMPTS must be a whole number' })
  @Min(1)
  @Max(20)
  DELIVERY_MAX_ATTEMPTS = 5;

  /** Wait before the 2nd try; doubles on every further try (at most 6 hours). */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_BACKOFF_MS must be a whole number' })
  @Min(10)
  @Max(21_600_000)
  DELIVERY_BACKOFF_MS = 60_000;

  /** A webhook receiver or SMTP server that does not answer within this is a failed try. */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_TIMEOUT_MS must be a whole number' })
  @Min(100)
  @Max(120_000)
  DELIVERY_TIMEOUT_MS = 10_000;

  /**
   * How long a claimed try is held before another replica may take it over (a crashed sender). The holder renews it
   * while the try lasts (an SMTP send can outlast one DELIVERY_TIMEOUT_MS: every step has its own).
   */
  @Transform(toInt)
  @IsInt({ message: 'DELIVERY_LEASE_MS must be a whole number' })
  @Min(100)
  @Max(3_600_000)
  DELIVERY_LEASE_MS = 30_000;
}
