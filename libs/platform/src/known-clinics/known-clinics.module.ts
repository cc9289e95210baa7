import { Module } from '@nestjs/common';
import { KnownClinics } from './known-clinics';

@Module({ providers: [KnownClinics], exports: [KnownClinics] })
export class KnownClinicsModule {}
