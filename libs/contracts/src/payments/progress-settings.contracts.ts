import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { IsPercentString } from '../validation';

// DOMAIN.md D "Progress payment modes": a clinic's setting, kept by `payments` beside its payment settings and
// announced to `reporting`, which computes the Progress Payment with it.
export const PROGRESS_MODES = ['collections', 'treatments', 'registered'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

/** What a clinic that never set them uses: today's rule (pay splits of money received), no cost taken off. */
export const DEFAULT_PROGRESS_SETTINGS = { mode: 'collections' as ProgressMode, costPercent: '0.00' } as const;

export const ProgressSettingsSubjects = {
  set: 'payments.cmd.set-progress-settings',
  get: 'payments.query.get-progress-settings',
} as const;

export const ProgressSettingsEvents = {
  changed: 'payments.clinic.progress-settings-changed',
} as const;

/** PUT /clinics/:id/progress-settings: both fields, every time (the whole setting is replaced). */
export class ProgressSettingsDto {
  @ApiProperty({
    enum: PROGRESS_MODES,
    description:
      'the base of a physician\'s progress payment: "collections" = their pay splits of money received in the ' +
      'period; "treatments" = their treatments performed in the period; "registered" = money received in the ' +
      'period recorded on their behalf (physicianId on received money)',
  })
  @IsIn(PROGRESS_MODES)
  mode: ProgressMode;

  @ApiProperty({
    example: '10.00',
    description: 'the clinic\'s cost percentage taken off the base first, 0 to 100 ("0" = none)',
  })
  @IsPercentString()
  costPercent: string;
}

export class SetProgressSettingsCommand extends ProgressSettingsDto {
  @IsUUID()
  clinicId: string;
}

/** The RPC answer (the event payload is its own class, ClinicProgressSettingsChangedV1 in payments.events.ts). */
export interface ProgressSettingsView {
  clinicId: string;
  organizationId: string;
  mode: ProgressMode;
  /** "10.00"; "0.00" = no cost taken off */
  costPercent: string;
  /** 0 = never set (the defaults); +1 on every change: consumers keep the highest */
  revision: number;
}
