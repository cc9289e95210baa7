import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

export interface DecoratedMethod<M> {
  meta: M;
  /** The method bound to its provider instance. */
  fn: (...args: never[]) => Promise<unknown>;
}

/** Every provider method carrying `key` metadata (@RpcHandler, @OnEvent). */
export function discoverMethods<M>(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
  key: symbol,
): DecoratedMethod<M>[] {
  const found: DecoratedMethod<M>[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object') continue;
    for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = instance[method] as (...args: never[]) => Promise<unknown>;
      const meta = reflector.get<M>(key, handler);
      if (meta) found.push({ meta, fn: handler.bind(instance) });
    }
  }
  return found;
}
