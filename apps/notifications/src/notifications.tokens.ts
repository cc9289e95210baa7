export const NOTIFICATIONS_CONFIG = Symbol('notifications-config');
