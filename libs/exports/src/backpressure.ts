import type { Readable, Writable } from 'node:stream';

export class OutputClosedError extends Error {
  constructor() {
    super('the output closed before the report was complete');
    this.name = 'OutputClosedError';
  }
}

function isClosed(out: Writable): boolean {
  return out.destroyed || out.writableEnded || (out as Writable & { closed?: boolean }).closed === true;
}

/** Waits for `event` on `emitter`, or rejects when `out` closes or fails first. */
function waitFor(emitter: NodeJS.EventEmitter, event: string, out: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      emitter.off(event, onEvent);
      out.off('close', onClose);
      out.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onEvent = () => done();
    const onClose = () => done(new OutputClosedError());
    const onError = (e: Error) => done(e);
    emitter.once(event, onEvent);
    out.once('close', onClose);
    out.once('error', onError);
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A writable whose buffer is full: Node's streams and the `readable-stream` copies inside archiver alike. */
export function bufferFull(w: Writable): boolean {
  const state = (w as Writable & { _writableState?: { length: number; highWaterMark: number } })._writableState;
  return !!state && state.length >= state.highWaterMark;
}

/**
 * Resolves when `out` and every stage feeding it can take more: `out` has drained, the `source` piped into it
 * (PDFKit's document) holds no more than its high-water mark, and each of `inner` (writables we feed that do not
 * honour backpressure themselves) has drained. Rejects with OutputClosedError when `out` closed.
 */
export async function outputReady(out: Writable, source?: Readable, inner: () => Writable[] = () => []): Promise<void> {
  for (;;) {
    if (isClosed(out)) throw new OutputClosedError();
    if (out.writableNeedDrain) {
      await waitFor(out, 'drain', out);
      continue;
    }
    const full = inner().find(bufferFull);
    if (full) {
      await waitFor(full, 'drain', out);
      continue;
    }
    if (source && source.readableLength > source.readableHighWaterMark) {
      // piped data moves on the next turn of the event loop once `out` drained
      await nextTurn();
      continue;
    }
    return;
  }
}

/** Resolves once `out` has flushed everything (finish), rejects if it closed or failed first. */
export function outputFinished(out: Writable): Promise<void> {
  if (out.writableFinished) return Promise.resolve();
  if (out.destroyed) return Promise.reject(new OutputClosedError());
  return waitFor(out, 'finish', out);
}
