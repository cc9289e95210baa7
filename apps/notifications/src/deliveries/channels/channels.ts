import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { NotificationsConfig } from '../../notifications.config';
import { NOTIFICATIONS_CONFIG } from '../../notifications.tokens';
import { Attachment } from '../delivery.entity';
import { signWebhook } from './webhook-signature';

/** What a receiving end answered; a failure is thrown as DeliveryFailed. */
export interface Sent {
  response: string;
}

export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly response: string | null = null,
  ) {
    super(message);
  }
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  attachment: Attachment | null;
  /** lets a mailbox rule or a support desk tell repeats apart */
  deliveryId: string;
  reminderId: string;
}

export interface OutgoingWebhook {
  url: string;
  secret: string | null;
  body: string;
  deliveryId: string;
}

/** E-mail over SMTP (nodemailer) and signed webhooks; every call is one try, bounded by DELIVERY_TIMEOUT_MS. */
@Injectable()
export class Channels implements OnModuleDestroy {
  private readonly mailer: Transporter | null;

  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig) {
    const timeout = config.DELIVERY_TIMEOUT_MS;
    this.mailer = config.SMTP_URL
      ? createTransport(config.SMTP_URL, {
          connectionTimeout: timeout,
          greetingTimeout: timeout,
          socketTimeout: timeout,
        })
      : null;
  }

  onModuleDestroy(): void {
    this.mailer?.close();
  }

  async email(mail: OutgoingEmail): Promise<Sent> {
    if (!this.mailer) throw new DeliveryFailed('e-mail is not configured (SMTP_URL is not set)');
    try {
      const info = (await this.mailer.sendMail({
        from: this.config.SMTP_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { 'X-Delivery-Id': mail.deliveryId, 'X-Reminder-Id': mail.reminderId },
        attachments: mail.attachment
          ? [
              {
                filename: mail.attachment.fileName,
                contentType: mail.attachment.contentType,
                content: Buffer.from(mail.attachment.contentBase64, 'base64'),
              },
            ]
          : [],
      })) as { response?: string };
      return { response: info.response ?? 'accepted' };
    } catch (e) {
      const err = e as Error & { response?: string };
      throw new DeliveryFailed(err.message, err.response ?? null);
    }
  }

  async webhook(hook: OutgoingWebhook): Promise<Sent> {
    if (!hook.secret) throw new DeliveryFailed('the clinic webhook has no secret any more');
    const timestamp = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-timestamp': timestamp,
          'x-signature': signWebhook(hook.secret, timestamp, hook.body),
          'x-delivery-id': hook.deliveryId,
        },
        body: hook.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.DELIVERY_TIMEOUT_MS),
      });
    } catch (e) {
      const err = e as Error & { cause?: Error };
      throw new DeliveryFailed(err.cause?.message ?? err.message);
    }
    await res.body?.cancel().catch(() => undefined);
    const response = `HTTP ${res.status}`;
    if (res.status < 200 || res.status >= 300) throw new DeliveryFailed(`receiver answered ${response}`, response);
    return { response };
  }
}
