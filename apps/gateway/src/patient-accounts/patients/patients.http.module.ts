import { Module } from '@nestjs/common';
import { AccountViewService } from './account-view/account-view.service';
import { PatientAccountController } from './patient-account.controller';
import { PatientPaymentsController } from './patient-payments.controller';
import { FamiliesController, PatientsController, PhysiciansController } from './patients.controller';

/**
 * Patients, families, physicians, treatments, plans, invoices, received money, closures and contracts (API.md):
 * forwarded to `patient-accounts` and `payments`; the account pages are composed here (account-view/).
 */
@Module({
  controllers: [
    PhysiciansController,
    FamiliesController,
    PatientsController,
    PatientPaymentsController,
    PatientAccountController,
  ],
  providers: [AccountViewService],
})
export class PatientsHttpModule {}
