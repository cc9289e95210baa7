import { Module } from '@nestjs/common';
import { AlertsController, NotificationChannelsController } from './notifications.controllers';

@Module({ controllers: [AlertsController, NotificationChannelsController] })
export class NotificationsHttpModule {}
