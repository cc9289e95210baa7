// Every hand-written statement of work-orders (the `*Sql` objects of src/**/*.sql.ts) is EXPLAINed, with the sample
// parameters declared next to it, on a database migrated with the service's own migrations: a typo, a dropped column
// or a wrong parameter count fails here, naming the statement (explainEveryStatement in @dental/testing).
import { explainEveryStatement } from '@dental/testing';
import { join } from 'node:path';
import * as labs from '../src/labs/labs.sql';
import * as patients from '../src/patients/patients.sql';
import * as treatmentLinks from '../src/treatment-links/treatment-links.sql';
import { workOrdersService } from '../src/work-orders.definition';
import * as workOrders from '../src/work-orders/work-orders.sql';

explainEveryStatement({
  service: 'work-orders',
  definition: workOrdersService,
  src: join(__dirname, '../src'),
  // every module of the statements, by its path under src (a new module must be added here: the first test says so)
  modules: {
    'labs/labs.sql.ts': labs,
    'patients/patients.sql.ts': patients,
    'treatment-links/treatment-links.sql.ts': treatmentLinks,
    'work-orders/work-orders.sql.ts': workOrders,
  },
  moreCasesThan: 10,
});
