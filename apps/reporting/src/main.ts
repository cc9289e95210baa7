import 'reflect-metadata';
import { runMain } from '@dental/platform';
import { reportingService } from './reporting.definition';

void runMain(reportingService);
