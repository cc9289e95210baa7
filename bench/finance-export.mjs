#!/usr/bin/env node
// Generate Report of the whole Work Orders tab (all 1,000,000 work orders, cancelled included) through the gateway,
// as CSV and as XLSX: rows per second at the client and the gateway process's peak RSS during each export.
//
//   node bench/finance-export.mjs [--formats csv,xlsx] [--direct true]
//
// CSV is counted as it streams (rows = lines starting with "WO-") and thrown away; XLSX is written to a file under
// .data/bench and its rows counted afterwards from the sheet's last row number, outside the timing. Peak RSS: VmHWM
// of the gateway process, reset before each export through /proc/<pid>/clear_refs; the RSS is also sampled every
// 100 ms. CPU seconds of the gateway, reporting and the PostgreSQL backends of bench_reporting are read from
// /proc/<pid>/stat around each export: where the time goes. `--direct` also walks the same chunks straight from
// reporting over NATS (no gateway, no file): the rate reporting alone can feed.
import { execSync, spawn } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  backendPids,
  benchOrganization,
  cpuReading,
  cpuSpent,
  BUS_PREFIX,
  dbName,
  findServicePid,
  freePorts,
  log,
  login,
  machine,
  nats,
  NATS_URL,
  option,
  procMemory,
  query,
  requireDist,
  resetPeak,
  ROOT,
  round,
  RUN_ROOT,
  saveResult,
  serviceEnv,
  snapshotDist,
  startStack,
  until,
} from './lib/common.mjs';

const FORMATS = option('formats', 'csv,xlsx').split(',');
const DIRECT = option('direct', 'true') === 'true';
const TARGETS = { csvRowsPerSecond: 250_000, peakRssMb: 200, xlsxRowsPerSecond: 40_000 };
const ROW_START = Buffer.from('\nWO-');
async function cpuOf(pids) {
  const backends = await backendPids(dbName('reporting'));
  return {
    gateway: cpuReading([pids.gateway]),
    reporting: cpuReading([pids.reporting]),
    postgres: cpuReading(backends),
  };
}

function cpuSpentBy(before, after) {
  return {
    gateway: cpuSpent(before.gateway, after.gateway),
    reporting: cpuSpent(before.reporting, after.reporting),
    postgres: cpuSpent(before.postgres, after.postgres),
  };
}

async function exportOnce(gateway, token, format, pids) {
  const path = '/finance/work-orders/export?includeCancelled=true&format=' + format;
  const file = join(ROOT, '.data/bench', `export.${format}`);
  const samples = [];
  const peakReset = resetPeak(pids.gateway) && resetPeak(pids.reporting);
  const cpuBefore = await cpuOf(pids);
  const sampler = setInterval(() => samples.push(procMemory(pids.gateway).rssKb), 100);
  const t0 = performance.now();
  let firstByteMs;
  let bytes = 0;
  let rows = 0;
  let carry = Buffer.alloc(0);
  const out = format === 'csv' ? null : createWriteStream(file);
  try {
    const res = await fetch(`${gateway}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    for await (const chunk of res.body) {
      firstByteMs ??= performance.now() - t0;
      bytes += chunk.length;
      if (out) {
        if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
        continue;
      }
      const buf = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
      for (let i = buf.indexOf(ROW_START); i !== -1; i = buf.indexOf(ROW_START, i + 1)) rows++;
      carry = buf.subarray(Math.max(0, buf.length - (ROW_START.length - 1)));
    }
  } finally {
    clearInterval(sampler);
    if (out) await new Promise((r) => out.end(r));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSpentBy(cpuBefore, await cpuOf(pids));
  const memory = { gateway: procMemory(pids.gateway), reporting: procMemory(pids.reporting) };
  if (out) {
    // the frozen pane ends at the column titles (ySplit); after them the work orders, then the totals row, last
    const sheet = `unzip -p '${file}' xl/worksheets/sheet1.xml`;
    const titles = Number(/ySplit="(\d+)"/.exec(execSync(`${sheet} | head -c 2000`, { encoding: 'utf8' }))?.[1]);
    const tail = execSync(`${sheet} | tail -c 4000`, { encoding: 'utf8' });
    const last = Math.max(...[...tail.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1])));
    rows = last - titles - 1;
    rmSync(file, { force: true });
  }
  return {
    format,
    rows,
    bytes,
    seconds: round(seconds, 2),
    firstByteMs: round(firstByteMs ?? NaN, 0),
    rowsPerSecond: Math.round(rows / seconds),
    gatewayRssBeforeMb: round(samples[0] / 1024, 1),
    gatewayPeakRssMb: round(memory.gateway.peakKb / 1024, 1),
    gatewaySampledMaxRssMb: round(Math.max(...samples) / 1024, 1),
    reportingPeakRssMb: round(memory.reporting.peakKb / 1024, 1),
    peakMeasuredFromExportStart: peakReset,
    cpuSeconds: cpu,
  };
}

/** The export's chunks (keyset, the gateway's chunk size) straight from reporting over NATS, as the gateway asks. */
async function walkReporting(org, pids) {
  const { FinanceSubjects } = requireDist('libs/contracts/src/index.js');
  const { EXPORT_CHUNK_SIZE } = requireDist('apps/gateway/src/reporting/finance/finance-export.service.js');
  const nc = await nats.connect({ servers: NATS_URL });
  const h = nats.headers();
  h.set('x-organization-id', org);
  h.set('x-clinic-ids', '*');
  h.set('x-user-id', 'bench');
  h.set('x-roles', 'admin');
  h.set('x-correlation-id', 'bench-export-walk');
  const cpuBefore = await cpuOf(pids);
  const t0 = performance.now();
  let rows = 0;
  let requests = 0;
  let after;
  try {
    do {
      const payload = {
        includeCancelled: true,
        sort: '-documentedDate',
        chunkSize: EXPORT_CHUNK_SIZE,
        ...(after && { after }),
      };
      const m = await nc.request(
        `${BUS_PREFIX}.rpc.${FinanceSubjects.workOrdersExportChunk}`,
        Buffer.from(JSON.stringify(payload)),
        {
          timeout: 30_000,
          headers: h,
        },
      );
      const reply = JSON.parse(Buffer.from(m.data).toString('utf8'));
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
      rows += reply.data.sums.workOrderCount; // rows: JSON text of the arrays
      requests++;
      after = reply.data.nextCursor;
    } while (after);
  } finally {
    await nc.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    rows,
    requests,
    seconds: round(seconds, 2),
    rowsPerSecond: Math.round(rows / seconds),
    msPerChunk: round((seconds * 1000) / requests, 2),
    cpuSeconds: cpuSpentBy(cpuBefore, await cpuOf(pids)),
  };
}

/** The gateway's RSS once ready when started as the image starts it (`node main.js`, without --enable-source-maps). */
async function idleRssAsInTheImage() {
  const [port] = await freePorts(1);
  const child = spawn(process.execPath, [join(RUN_ROOT, 'dist/apps/gateway/src/main.js')], {
    cwd: RUN_ROOT,
    env: { ...process.env, ...serviceEnv('gateway', port, { MIGRATE_ON_START: 'false' }) },
    stdio: 'ignore',
  });
  try {
    await until(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => ({ ok: false }))).ok, {
      what: 'the gateway without source maps',
    });
    await new Promise((r) => setTimeout(r, 2000));
    return round(procMemory(child.pid).rssKb / 1024, 1);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main() {
  const org = await benchOrganization();
  const facts = await machine();
  log(`load average at start: ${facts.loadAverage.join(' ')}`);
  const [{ n }] = await query(
    dbName('reporting'),
    'select count(*)::int8 as n from finance_work_order where organization_id = $1',
    [org.id],
  );
  snapshotDist();
  // --gateway-node-options "--max-old-space-size=128": V8 settings a deployment would give the gateway's process
  const gatewayNodeOptions = option('gateway-node-options', '');
  const stack = await startStack(['reporting', 'gateway'], {
    runName: 'export',
    extraEnv: (s) => (s === 'gateway' && gatewayNodeOptions ? { NODE_OPTIONS: gatewayNodeOptions } : {}),
  });
  const runs = [];
  let direct;
  try {
    const gateway = stack.url('gateway');
    const token = await login(gateway);
    const pids = {
      gateway: findServicePid('gateway', stack.port('gateway')),
      reporting: findServicePid('reporting', stack.port('reporting')),
    };
    log(
      `stack up; gateway pid ${pids.gateway} (RSS ${round(procMemory(pids.gateway).rssKb / 1024, 1)} MB); ` +
        `exporting ${Number(n).toLocaleString('en')} work orders`,
    );
    for (const format of FORMATS) {
      const r = await exportOnce(gateway, token, format, pids);
      log(
        `${format}: ${r.rows.toLocaleString('en')} rows, ${round(r.bytes / 2 ** 20, 1)} MB in ${r.seconds} s = ` +
          `${r.rowsPerSecond.toLocaleString('en')} rows/s; gateway RSS ${r.gatewayRssBeforeMb} MB before, peak ` +
          `${r.gatewayPeakRssMb} MB${r.peakMeasuredFromExportStart ? '' : ' (since process start)'}; CPU s: ` +
          `gateway ${r.cpuSeconds.gateway}, reporting ${r.cpuSeconds.reporting}, postgres ${r.cpuSeconds.postgres}`,
      );
      if (r.rows !== Number(n)) log(`WARNING: ${r.rows} rows exported, ${n} expected`);
      runs.push(r);
    }
    if (DIRECT) {
      direct = await walkReporting(org.id, pids);
      log(
        `reporting alone (NATS, no gateway): ${direct.rows.toLocaleString('en')} rows in ${direct.requests} chunks, ` +
          `${direct.seconds} s = ${direct.rowsPerSecond.toLocaleString('en')} rows/s (${direct.msPerChunk} ms per chunk); ` +
          `CPU s: reporting ${direct.cpuSeconds.reporting}, postgres ${direct.cpuSeconds.postgres}`,
      );
    }
  } finally {
    await stack.stop();
  }
  const idleRssWithoutSourceMapsMb = await idleRssAsInTheImage();
  log(`gateway RSS once ready, started as the image does (no --enable-source-maps): ${idleRssWithoutSourceMapsMb} MB`);
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  const csv = runs.find((r) => r.format === 'csv');
  const xlsx = runs.find((r) => r.format === 'xlsx');
  const targets = {
    ...(csv && {
      'CSV rows/s': `${csv.rowsPerSecond} >= ${TARGETS.csvRowsPerSecond}: ${verdict(csv.rowsPerSecond >= TARGETS.csvRowsPerSecond)}`,
      'CSV gateway peak RSS': `${csv.gatewayPeakRssMb} MB < ${TARGETS.peakRssMb} MB: ${verdict(csv.gatewayPeakRssMb < TARGETS.peakRssMb)}`,
    }),
    ...(xlsx && {
      'XLSX rows/s': `${xlsx.rowsPerSecond} >= ${TARGETS.xlsxRowsPerSecond}: ${verdict(xlsx.rowsPerSecond >= TARGETS.xlsxRowsPerSecond)}`,
      'XLSX gateway peak RSS': `${xlsx.gatewayPeakRssMb} MB (no target of its own)`,
    }),
  };
  console.table(targets);
  saveResult('finance-export', {
    machine: facts,
    loadAverageAtEnd: (await machine()).loadAverage,
    workOrders: Number(n),
    runs,
    reportingAlone: direct,
    gatewayIdleRssWithoutSourceMapsMb: idleRssWithoutSourceMapsMb,
    targets,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
