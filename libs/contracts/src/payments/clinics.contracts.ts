import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { IsCurrencyCode, IsPercentString } from '../validation';

// Clinics and their payment settings are kept by `payments` (issue 2, ARCHITECTURE.md).
export const ClinicSubjects = {
  create: 'payments.cmd.create-clinic',
  list: 'payments.query.list-clinics',
  get: 'payments.query.get-clinic',
  setPaymentSettings: 'payments.cmd.set-payment-settings',
} as const;

export const ClinicEvents = {
  created: 'payments.clinic.created',
  paymentSettingsChanged: 'payments.clinic.payment-settings-changed',
} as const;

export const LOCALES = ['en', 'tr'] as const;

export class CreateClinicDto {
  @ApiProperty({ example: 'Downtown Dental' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'EUR' })
  @IsCurrencyCode()
  currency: string;

  @ApiPropertyOptional({ example: 'Europe/Istanbul', description: 'IANA time zone for reminders and day boundaries' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ enum: LOCALES, description: 'language of documents and reminders' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: (typeof LOCALES)[number];
}

/** Internal: the gateway may fix the id (first-start bootstrap) so that a retry creates nothing twice. */
export class CreateClinicCommand extends CreateClinicDto {
  @IsOptional()
  @IsUUID()
  id?: string;
}

export class ClinicIdDto {
  @IsUUID()
  clinicId: string;
}

export class PaymentSettingsDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2.50',
    description: 'bank charge percentage for card payments: a number above 0, "0" (typed by hand) or null (not set)',
  })
  @ValidateIf((_, v) => v !== null)
  @IsPercentString()
  bankChargePercent: string | null;
}

export class SetPaymentSettingsCommand extends PaymentSettingsDto {
  @IsUUID()
  clinicId: string;
}

export interface ClinicView {
  id: string;
  organizationId: string;
  name: string;
  currency: string;
  timeZone: string;
  locale: string;
  bankChargePercent: string | null;
}

// ClinicCreatedV1 and ClinicPaymentSettingsChangedV1, the payloads of the clinic events, are their own classes:
// payments.events.ts.
