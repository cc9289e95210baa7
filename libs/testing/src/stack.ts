import { SERVICE_NAMES, ServiceName, SERVICES, HEALTH_PATHS } from '@dental/contracts';
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { join } from 'node:path';

export interface StackOptions {
  /** Repository root: the services run from `<root>/dist`. */
  root: string;
  services?: readonly ServiceName[];
  /** The environment of one service (DATABASE_URL, PORT, ...). */
  env: (service: ServiceName) => NodeJS.ProcessEnv;
  /** Each service's output goes to `<logDir>/<service>.log`. */
  logDir: string;
  readyTimeoutMs?: number;
}

interface Running {
  child: ChildProcess;
  log: WriteStream;
  exited: Promise<number | null>;
  lastLines: string[];
}

/**
 * Runs the built services as child processes, the way production does (`node dist/apps/<app>/src/main.js`), and
 * waits until each answers /health/ready. Used by `npm start` and by the end-to-end tests.
 */
export class LocalStack {
  private readonly running = new Map<ServiceName, Running>();

  constructor(private readonly options: StackOptions) {
    mkdirSync(options.logDir, { recursive: true });
  }

  url(service: ServiceName): string {
    return `http://127.0.0.1:${this.options.env(service).PORT ?? SERVICES[service].port}`;
  }

  async start(): Promise<void> {
    const services = this.options.services ?? SERVICE_NAMES;
    // Dependencies first keeps start-up logs quiet; every service would also cope in any order.
    for (const s of [...services].sort((a, b) => (a === 'gateway' ? 1 : b === 'gateway' ? -1 : 0))) this.spawn(s);
    await Promise.all(services.map((s) => this.waitReady(s)));
  }

  startService(service: ServiceName): Promise<void> {
    this.spawn(service);
    return this.waitReady(service);
  }

  private spawn(service: ServiceName): void {
    const main = join(this.options.root, 'dist/apps', service, 'src/main.js');
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
      cwd: this.options.root,
      env: { ...process.env, ...this.options.env(service) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(this.options.logDir, `${service}.log`), { flags: 'a' });
    const lastLines: string[] = [];
    const keep = (chunk: Buffer) => {
      log.write(chunk);
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lastLines.push(line);
        if (lastLines.length > 20) lastLines.shift();
      }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    this.running.set(service, { child, log, exited, lastLines });
  }

  /** Output lines of a service so far (the last 20). */
  lines(service: ServiceName): string[] {
    return this.running.get(service)?.lastLines ?? [];
  }

  private async waitReady(service: ServiceName): Promise<void> {
    const r = this.running.get(service)!;
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 60_000);
    let exitCode: number | null | undefined;
    void r.exited.then((c) => (exitCode = c));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        throw new Error(`${service} exited with code ${exitCode}: ${r.lastLines.slice(-3).join(' | ')}`);
      }
      try {
        const res = await fetch(this.url(service) + HEALTH_PATHS.ready);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error(
      `${service} was not ready within ${this.options.readyTimeoutMs ?? 60_000} ms: ${r.lastLines.slice(-3).join(' | ')}`,
    );
  }

  async stopService(service: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const r = this.running.get(service);
    if (!r) return null;
    this.running.delete(service);
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal);
    const timer = setTimeout(() => r.child.kill('SIGKILL'), 20_000);
    const code = await r.exited;
    clearTimeout(timer);
    r.log.end();
    return code;
  }

  /** Whether a process of this service was started and has not exited. */
  isRunning(service: ServiceName): boolean {
    const r = this.running.get(service);
    return !!r && r.child.exitCode === null && r.child.signalCode === null;
  }

  /** The process id of a running service. */
  pid(service: ServiceName): number | undefined {
    return this.running.get(service)?.child.pid;
  }

  /** Sends `signal` (kill -9 by default) and waits until the process is gone; `startService` starts it again. */
  kill(service: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    return this.stopService(service, signal);
  }

  /** Stops a service (kill -9 by default) and starts it again with the same environment; resolves once ready. */
  async restart(service: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.stopService(service, signal);
    await this.startService(service);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((s) => this.stopService(s)));
  }
}
