// PostgreSQL and NATS servers of one test file alone, on free ports with their data in a temporary folder, so a
// test may crash them (kill -9, immediate stop) and start them again on the same data without touching the machine's
// shared servers. PostgreSQL refuses to run as root: when the tests run as root, initdb and postgres run as the
// `postgres` OS user (runuser), and the data folder is handed to that user.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePorts } from '@dental/testing';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every private server still running in this process, stopped at exit even when a test forgets to (or crashes). */
const alive = new Set<{ stopSync(): void }>();
let exitHookInstalled = false;
function track(server: { stopSync(): void }): void {
  alive.add(server);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const stopAll = () => {
    for (const s of alive) {
      try {
        s.stopSync();
      } catch {
        // best effort at exit
      }
    }
    alive.clear();
  };
  process.once('exit', stopAll);
  // a test run interrupted (Ctrl-C, a CI timeout): stop the servers, then die of the signal as usual
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      stopAll();
      process.kill(process.pid, signal);
    });
}

/** Whether the PostgreSQL programs exist and NATS can be started: the fault suite is skipped otherwise. */
export function privateServersAvailable(): string | null {
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl')))
    return `no initdb/pg_ctl in ${PG_BIN}`;
  if (!existsSync(NATS_SERVER)) return `no ${NATS_SERVER}`;
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser'))
    return 'running as root without runuser';
  return null;
}

export interface PrivateServersOptions {
  /** A folder of its own is made under this one (default: the OS temp folder). */
  parentDir?: string;
  /** Lines about starts and stops. */
  log?: (line: string) => void;
}

/** A temporary folder that both the test (root) and the `postgres` user may use. */
function makeWorkDir(parent: string, asPostgres: boolean): string {
  const dir = mkdtempSync(join(parent, 'dental-faults-'));
  if (asPostgres) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  return dir;
}

function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/**
 * A private PostgreSQL 15 cluster: `initdb -A trust -U postgres`, then `pg_ctl start` on a free port with the socket
 * in the data's folder, fsync off (nothing here must survive a power cut, only a crash of the server process).
 */
export class PrivatePostgres {
  readonly dir: string;
  readonly dataDir: string;
  readonly port: number;
  private readonly asPostgres: boolean;
  private running = false;

  private constructor(
    dir: string,
    port: number,
    asPostgres: boolean,
    private readonly log: (l: string) => void,
  ) {
    this.dir = dir;
    this.dataDir = join(dir, 'data');
    this.port = port;
    this.asPostgres = asPostgres;
  }

  static async create(options: PrivateServersOptions = {}): Promise<PrivatePostgres> {
    const asPostgres = process.getuid?.() === 0;
    const dir = makeWorkDir(options.parentDir ?? tmpdir(), asPostgres);
    const [port] = await freePorts(1);
    const pg = new PrivatePostgres(dir, port, asPostgres, options.log ?? (() => undefined));
    try {
      pg.run('initdb', ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '-D', pg.dataDir]);
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return pg;
  }

  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private run(program: string, args: string[], timeoutMs = 60_000): string {
    const bin = join(PG_BIN, program);
    const [cmd, argv] = this.asPostgres ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    return execFileSync(cmd, argv, { cwd: this.dir, timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      // synchronous_commit stays on: an immediate stop is a crash, and asynchronous commits lost in it would look
      // like payments the platform lost
      '-c full_page_writes=off',
      '-c max_connections=300',
      '-c shared_buffers=64MB',
    ].join(' ');
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'postgres.log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
    this.running = true;
    track(this);
    // pg_ctl -w waits for the socket; wait also for TCP connections to be accepted
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new Client({ connectionString: this.url(), connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.query('select 1');
        await client.end();
        break;
      } catch (e) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw e;
        await sleep(200);
      }
    }
    this.log(`private PostgreSQL up on ${this.port}`);
  }

  /** `pg_ctl -m immediate stop`: every backend is killed at once, as in a crash; a start recovers from the WAL. */
  async stopImmediate(): Promise<void> {
    if (!this.running) return;
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '60', 'stop']);
    this.running = false;
    this.log(`private PostgreSQL on ${this.port} stopped (immediate)`);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    try {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
    } catch {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
    }
    this.running = false;
    alive.delete(this);
  }

  stopSync(): void {
    if (!this.running) return;
    try {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'], 30_000);
    } finally {
      this.running = false;
    }
  }

  /** The server's own log (for failures). */
  logPath(): string {
    return join(this.dir, 'postgres.log');
  }

  /** Stops the server if it runs and removes the folder with its data. */
  async destroy(): Promise<void> {
    try {
      await this.stop();
    } finally {
      alive.delete(this);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** A private `nats-server -js` with its JetStream store in a temporary folder; kill -9 and start again on the store. */
export class PrivateNats {
  readonly dir: string;
  readonly storeDir: string;
  readonly port: number;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private logStream?: WriteStream;

  private constructor(
    dir: string,
    port: number,
    private readonly log: (l: string) => void,
  ) {
    this.dir = dir;
    this.storeDir = join(dir, 'js');
    this.port = port;
  }

  static async create(options: PrivateServersOptions = {}): Promise<PrivateNats> {
    const dir = mkdtempSync(join(options.parentDir ?? tmpdir(), 'dental-faults-nats-'));
    mkdirSync(join(dir, 'js'));
    const [port] = await freePorts(1);
    return new PrivateNats(dir, port, options.log ?? (() => undefined));
  }

  url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('private NATS already running');
    this.logStream = createWriteStream(join(this.dir, 'nats.log'), { flags: 'a' });
    const child = spawn(NATS_SERVER, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(this.logStream, { end: false });
    child.stderr!.pipe(this.logStream, { end: false });
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
    track(this);
    const deadline = Date.now() + 30_000;
    let gone = false;
    void this.exited.then(() => (gone = true));
    // ready = JetStream answers (it may still be recovering streams from the store)
    const { connect } = await import('nats');
    for (;;) {
      if (gone) throw new Error(`nats-server exited at start; see ${join(this.dir, 'nats.log')}`);
      try {
        const nc = await connect({ servers: this.url(), timeout: 1000, reconnect: false });
        try {
          await (await nc.jetstreamManager({ timeout: 2000 })).getAccountInfo();
        } finally {
          await nc.close();
        }
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await sleep(200);
      }
    }
    this.log(`private NATS up on ${this.port}`);
  }

  /** kill -9: no flush, no goodbye to the clients. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await this.exited;
    this.child = undefined;
    this.logStream?.end();
    this.log(`private NATS on ${this.port} killed (${signal})`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
    this.child = undefined;
    this.logStream?.end();
    alive.delete(this);
  }

  stopSync(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  logPath(): string {
    return join(this.dir, 'nats.log');
  }

  async destroy(): Promise<void> {
    try {
      await this.stop();
    } finally {
      alive.delete(this);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
