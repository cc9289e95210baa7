import 'reflect-metadata';
import { runMain } from '@dental/platform';
import { notificationsService } from './notifications.definition';

void runMain(notificationsService);
