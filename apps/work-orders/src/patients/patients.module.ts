import { Module } from '@nestjs/common';
import { KnownPatients } from './known-patients';
import { KnownPatientsEvents } from './known-patients.events';

/** The copy of patient-accounts' patients, kept from their events. */
@Module({ controllers: [KnownPatientsEvents], providers: [KnownPatients], exports: [KnownPatients] })
export class PatientsModule {}
