import { RpcClient, SERVICE_METRICS } from '@dental/messaging';
import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { GatewayConfig } from '../gateway.config';
import { gatewayService } from '../gateway.definition';
import { applyApiPrefix } from '../http/configure-http';
import { createGatewayDocument } from './gateway-document';

/**
 * The document of the gateway as the code declares it, without PostgreSQL or NATS: the gateway's feature modules in
 * Nest's preview mode (modules and controllers scanned, no provider made), the same prefix and the same document
 * function as /api/docs-json. Used by `npm run openapi` and by the test that compares it with the committed file.
 */
export async function gatewayDocumentFromCode(strict = true): Promise<OpenAPIObject> {
  const config = Object.assign(new GatewayConfig(), {
    DATABASE_URL: 'postgres://openapi@127.0.0.1:5432/openapi',
    JWT_SECRET: 'openapi-document-only-not-a-secret-0123456789',
  });
  // what libs/platform's root module provides (the ORM, the bus, metrics): named only, never made in preview mode
  @Global()
  @Module({
    providers: [RpcClient, EntityManager, MikroORM, SERVICE_METRICS].map((token) => ({ provide: token, useValue: {} })),
    exports: [RpcClient, EntityManager, MikroORM, SERVICE_METRICS],
  })
  class PlatformStandInModule {}
  @Module({ imports: [PlatformStandInModule, ...gatewayService.imports(config)] })
  class GatewayDocumentModule {}
  const app = await NestFactory.create(GatewayDocumentModule, { preview: true, logger: false, abortOnError: false });
  try {
    applyApiPrefix(app);
    return createGatewayDocument(app, { strict });
  } finally {
    await app.close();
  }
}

/** The committed form: sorted keys (gateway-document.ts), two-space JSON, one newline at the end. */
export function serializeDocument(doc: OpenAPIObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
