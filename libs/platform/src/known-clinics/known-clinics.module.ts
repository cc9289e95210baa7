import { Module } from '@nestjs/common';
import { KnownClinics } from './known-clinics';
import { KnownClinicsEvents } from './known-clinics.events';

@Module({ controllers: [KnownClinicsEvents], providers: [KnownClinics], exports: [KnownClinics] })
export class KnownClinicsModule {}
