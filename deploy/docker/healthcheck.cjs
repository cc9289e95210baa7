// The container health check of every service image: GET http://127.0.0.1:$PORT/health/ready (DB + NATS);
// exit 0 when it answers 2xx within 2 s. `node healthcheck.cjs live` checks /health/live instead.
// Node 20 has fetch; the slim image has no curl or wget.
'use strict';
const port = process.env.PORT;
if (!port) {
  process.stderr.write('healthcheck: PORT is not set\n');
  process.exit(1);
}
const path = process.argv[2] === 'live' ? '/health/live' : '/health/ready';
fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));
