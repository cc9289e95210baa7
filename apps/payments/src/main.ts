import 'reflect-metadata';
import { runMain } from '@dental/platform';
import { paymentsService } from './payments.definition';

void runMain(paymentsService);
