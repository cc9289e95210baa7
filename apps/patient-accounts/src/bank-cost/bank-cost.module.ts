import { Module } from '@nestjs/common';
import { BankCostTreatments } from './bank-cost-treatments';

@Module({ controllers: [BankCostTreatments], providers: [] })
export class BankCostModule {}
