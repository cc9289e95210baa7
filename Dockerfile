# syntax=docker/dockerfile:1.7
# One image per service, same file:  docker build --build-arg APP=payments -t dental/payments:dev .
# APP is one of libs/contracts/src/services.ts: gateway, patient-accounts, work-orders, payments, reporting,
# notifications. The image runs the service (node dist/apps/$APP/src/main.js); its migrations run with
# `node dist/apps/$APP/src/migrate.js` (the Kubernetes migrate Job, the compose <app>-migrate services).
# Runtime: uid 10001, read-only root filesystem, writable /tmp only.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every dependency, compile everything once (shared by all six image builds through the cache)
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
COPY package.json package-lock.json ./
# No dependency install scripts: the native parts come prebuilt as optional dependencies (ARCHITECTURE.md).
# npm ci: exactly the committed lock, which lists every platform's optional native binaries.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# npm run build also bundles the web app (apps/web, Vite) into dist/apps/web: the gateway serves it at /
RUN npm run build
ARG APP
RUN test -n "${APP}" || { echo "build with --build-arg APP=<service>" >&2; exit 1; } \
 && test -f "dist/apps/${APP}/src/main.js" || { echo "no dist/apps/${APP}/src/main.js: unknown APP ${APP}?" >&2; exit 1; } \
 && test -f "dist/apps/${APP}/src/migrate.js" || { echo "no dist/apps/${APP}/src/migrate.js" >&2; exit 1; } \
 && { test "${APP}" != gateway || test -f dist/apps/web/index.html || { echo "no dist/apps/web/index.html: the gateway serves the web app" >&2; exit 1; }; }

# ---- production dependencies only
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production \
    APP=${APP} \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
RUN groupadd --system --gid 10001 dental \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin dental
# Everything stays owned by root and read-only to the service user.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
# All of dist/: compiled libs sit next to the apps, and an app may import them by relative path.
COPY --from=build /app/dist ./dist
COPY deploy/docker/healthcheck.cjs ./healthcheck.cjs
# /app/service -> this image's app, so the default command needs no shell to expand APP.
RUN ln -s "dist/apps/${APP}/src" /app/service
USER 10001:10001
# PORT is the service's catalog port; compose and Kubernetes always set it. In a container a service listens on all
# interfaces (the default, loopback, is for a developer's machine).
ENV HOST=0.0.0.0
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "/app/healthcheck.cjs"]
CMD ["node", "/app/service/main.js"]
