// Every hand-written statement of patient-accounts (the `*Sql` objects of src/**/*.sql.ts) is EXPLAINed, with the sample
// parameters declared next to it, on a database migrated with the service's own migrations: a typo, a dropped column
// or a wrong parameter count fails here, naming the statement (explainEveryStatement in @dental/testing).
import { explainEveryStatement } from '@dental/testing';
import { join } from 'node:path';
import * as account from '../src/account/account.sql';
import * as closures from '../src/closures/closures.sql';
import { patientAccountsService } from '../src/patient-accounts.definition';
import * as treatments from '../src/treatments/treatments.sql';

explainEveryStatement({
  service: 'patient-accounts',
  definition: patientAccountsService,
  src: join(__dirname, '../src'),
  // every module of the statements, by its path under src (a new module must be added here: the first test says so)
  modules: {
    'account/account.sql.ts': account,
    'closures/closures.sql.ts': closures,
    'treatments/treatments.sql.ts': treatments,
  },
  moreCasesThan: 5,
});
