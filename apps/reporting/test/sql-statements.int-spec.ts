// Every hand-written statement of reporting (the `*Sql` objects of src/**/*.sql.ts) is EXPLAINed, with the sample
// parameters declared next to it, on a database migrated with the service's own migrations: a typo, a dropped column
// or a wrong parameter count fails here, naming the statement (explainEveryStatement in @dental/testing).
import { explainEveryStatement } from '@dental/testing';
import { join } from 'node:path';
import * as caseProfit from '../src/case-profit/case-profit.sql';
import * as finance from '../src/finance/finance.sql';
import * as journal from '../src/journal/journal.sql';
import * as ledger from '../src/ledger/ledger.sql';
import { named } from '../src/ledger/queries/receivables-scope';
import * as locks from '../src/locks.sql';
import * as payables from '../src/payables/payables.sql';
import * as progress from '../src/progress/progress.sql';
import { reportingService } from '../src/reporting.definition';
import * as reports from '../src/reports/reports.sql';

explainEveryStatement({
  service: 'reporting',
  definition: reportingService,
  src: join(__dirname, '../src'),
  // every module of the statements, by its path under src (a new module must be added here: the first test says so)
  modules: {
    'case-profit/case-profit.sql.ts': caseProfit,
    'finance/finance.sql.ts': finance,
    'journal/journal.sql.ts': journal,
    'ledger/ledger.sql.ts': ledger,
    'locks.sql.ts': locks,
    'payables/payables.sql.ts': payables,
    'progress/progress.sql.ts': progress,
    'reports/reports.sql.ts': reports,
  },
  moreCasesThan: 40,
  // `:name` samples are bound as receivables-scope.ts binds them
  named,
});
