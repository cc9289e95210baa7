import { SetMetadata } from '@nestjs/common';

export const EVENT_HANDLER = Symbol('event-handler');

/**
 * Marks a provider method as the handler of an event type: `(event, em) => Promise<void>`. It runs inside the
 * transaction that also records the event in the inbox, so its effect and the "handled" mark commit together.
 */
export const OnEvent = (type: string) => SetMetadata(EVENT_HANDLER, type);
