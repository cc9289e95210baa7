import { Module } from '@nestjs/common';
import { BankCostTreatments } from './bank-cost-treatments';

@Module({ providers: [BankCostTreatments] })
export class BankCostModule {}
