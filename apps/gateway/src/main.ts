import 'reflect-metadata';
import { runMain } from '@dental/platform';
import { gatewayService } from './gateway.definition';

void runMain(gatewayService);
