import 'reflect-metadata';
import { runMain } from '@dental/platform';
import { patientAccountsService } from './patient-accounts.definition';

void runMain(patientAccountsService, 'migrate');
