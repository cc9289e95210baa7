// Every hand-written statement of notifications (the `*Sql` objects of src/**/*.sql.ts) is EXPLAINed, with the sample
// parameters declared next to it, on a database migrated with the service's own migrations: a typo, a dropped column
// or a wrong parameter count fails here, naming the statement (explainEveryStatement in @dental/testing).
import { explainEveryStatement } from '@dental/testing';
import { join } from 'node:path';
import * as alerts from '../src/alerts/alerts.sql';
import * as clinics from '../src/clinics/clinics.sql';
import * as deliveries from '../src/deliveries/deliveries.sql';
import { notificationsService } from '../src/notifications.definition';
import * as reminders from '../src/reminders/reminders.sql';
import * as reportSubscriptions from '../src/report-subscriptions/report-subscriptions.sql';

explainEveryStatement({
  service: 'notifications',
  definition: notificationsService,
  src: join(__dirname, '../src'),
  // every module of the statements, by its path under src (a new module must be added here: the first test says so)
  modules: {
    'alerts/alerts.sql.ts': alerts,
    'clinics/clinics.sql.ts': clinics,
    'deliveries/deliveries.sql.ts': deliveries,
    'reminders/reminders.sql.ts': reminders,
    'report-subscriptions/report-subscriptions.sql.ts': reportSubscriptions,
  },
  moreCasesThan: 20,
});
