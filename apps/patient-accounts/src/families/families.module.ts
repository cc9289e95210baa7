import { Module } from '@nestjs/common';
import { FamiliesRpcController } from './families.rpc.controller';
import { FamilyMembersHandler } from './family-members/family-members.handler';

@Module({ controllers: [FamiliesRpcController], providers: [FamilyMembersHandler] })
export class FamiliesModule {}
