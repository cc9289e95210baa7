import { Module } from '@nestjs/common';
import { FamiliesRpcController } from './families.rpc.controller';
import { FamilyMembersHandler } from './family-members/family-members.handler';

@Module({ providers: [FamiliesRpcController, FamilyMembersHandler] })
export class FamiliesModule {}
