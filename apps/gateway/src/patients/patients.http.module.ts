import { Module } from '@nestjs/common';
import { FamiliesController, PatientsController, PhysiciansController } from './patients.controller';

/** Patients, families, physicians, treatments, plans and invoices (API.md): forwarded to `patient-accounts`. */
@Module({ controllers: [PhysiciansController, FamiliesController, PatientsController] })
export class PatientsHttpModule {}
