// Every hand-written statement of payments (the `*Sql` objects of src/**/*.sql.ts) is EXPLAINed, with the sample
// parameters declared next to it, on a database migrated with the service's own migrations: a typo, a dropped column
// or a wrong parameter count fails here, naming the statement (explainEveryStatement in @dental/testing).
import { explainEveryStatement } from '@dental/testing';
import { join } from 'node:path';
import * as audit from '../src/audit/audit.sql';
import * as clinics from '../src/clinics/clinics.sql';
import * as neighbours from '../src/neighbours/neighbours.sql';
import * as patientPayments from '../src/patient-payments/patient-payments.sql';
import { paymentsService } from '../src/payments.definition';

explainEveryStatement({
  service: 'payments',
  definition: paymentsService,
  src: join(__dirname, '../src'),
  // every module of the statements, by its path under src (a new module must be added here: the first test says so)
  modules: {
    'audit/audit.sql.ts': audit,
    'clinics/clinics.sql.ts': clinics,
    'neighbours/neighbours.sql.ts': neighbours,
    'patient-payments/patient-payments.sql.ts': patientPayments,
  },
  moreCasesThan: 25,
});
