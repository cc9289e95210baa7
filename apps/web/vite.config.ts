// Vite: `npx vite --config apps/web/vite.config.ts` serves the app with /api proxied to the gateway;
// `npx vite build --config apps/web/vite.config.ts` writes dist/apps/web (served by the gateway at /).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig(({ command }) => {
  // A build is the production bundle whatever NODE_ENV the caller has: Vite keeps a NODE_ENV it finds set (Jest sets
  // "test"), and the bundle then carried React's development build (3-5x slower, 240 kB more).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});

const config = {
  root: here,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@dental/api-client': fileURLToPath(new URL('../../libs/api-client/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    // the strict CSP (script-src 'self') forbids inline scripts: never inline the module-preload helper
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, proxy: { '/api': { target: gateway, changeOrigin: false } } },
  // `vite preview` serves the build under the gateway's strict CSP, so an inline style or script shows up before it ships
  preview: {
    port: 4173,
    proxy: { '/api': { target: gateway, changeOrigin: false } },
    headers: {
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'",
    },
  },
};
