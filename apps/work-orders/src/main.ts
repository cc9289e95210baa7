import 'reflect-metadata';
import { runMain } from '@dental/platform';
import { workOrdersService } from './work-orders.definition';

void runMain(workOrdersService);
