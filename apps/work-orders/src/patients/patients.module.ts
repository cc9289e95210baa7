import { Module } from '@nestjs/common';
import { KnownPatients } from './known-patients';

/** The copy of patient-accounts' patients (one instance: its @OnEvent handlers must be discovered once). */
@Module({ providers: [KnownPatients], exports: [KnownPatients] })
export class PatientsModule {}
