# Unblock container images: one Dockerfile, one target per process.
#
#   docker build --target api     -t unblock-api .      # HTTP API (port 3000)
#   docker build --target worker  -t unblock-worker .   # Temporal worker (no HTTP)
#   docker build --target migrate -t unblock-migrate .  # one-shot: migrations + demo data
#
# docker-compose.yml builds all three; they share every layer up to the last one.

# ---------------------------------------------------------------------------
# base: Node 20 with the npm release that honours package.json "allowScripts"
# (only the install scripts approved there run; the others are skipped).
# ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS base
ARG NPM_VERSION=11.19.1
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false
RUN npm install --global "npm@${NPM_VERSION}" \
    && npm cache clean --force
WORKDIR /app

# ---------------------------------------------------------------------------
# manifests: package.json and the lockfile, with the workspace packages' own
# manifests (npm ci links them into node_modules/@unblock).
# ---------------------------------------------------------------------------
FROM base AS manifests
COPY package.json package-lock.json ./
COPY libs/domain/package.json libs/domain/
COPY libs/contracts/package.json libs/contracts/
COPY libs/config/package.json libs/config/
COPY libs/runtime/package.json libs/runtime/
COPY libs/persistence/package.json libs/persistence/
COPY activities/package.json activities/
COPY workflows/package.json workflows/

# ---------------------------------------------------------------------------
# build: all dependencies (TypeScript is a dev dependency), then compile to dist/.
# ---------------------------------------------------------------------------
FROM base AS build
COPY --from=manifests /app ./
RUN npm ci
COPY . .
RUN npm run build

# ---------------------------------------------------------------------------
# prod-deps: runtime dependencies only; rebuilt only when the lockfile changes.
# ---------------------------------------------------------------------------
FROM base AS prod-deps
COPY --from=manifests /app ./
RUN npm ci --omit=dev \
    && npm cache clean --force

# ---------------------------------------------------------------------------
# runtime: compiled code + production node_modules, run as the unprivileged
# "node" user. Settings come from the environment (see docker-compose.yml).
# ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    API_HOST=0.0.0.0 \
    API_PORT=3000
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/dist ./dist
# the workspace packages, each with its manifest and compiled dist/ (node_modules/@unblock/* link to them)
COPY --from=build /app/libs ./libs
COPY --from=build /app/activities ./activities
COPY --from=build /app/workflows ./workflows
# (libs/domain/policies holds the default issue policies, read at run time; UNBLOCK_POLICY_FILE may point elsewhere.)
# Local state directory (.data) must be writable by the app user.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node

# ---------------------------------------------------------------------------
# migrate: applies the database migrations, loads demo data unless
# UNBLOCK_DEMO_DATA=false, and exits 0.
# ---------------------------------------------------------------------------
FROM runtime AS migrate
CMD ["node", "dist/apps/launcher/src/migrate.js"]

# ---------------------------------------------------------------------------
# worker: polls the Temporal task queue; no HTTP port.
# ---------------------------------------------------------------------------
FROM runtime AS worker
CMD ["node", "dist/apps/worker/src/main.js"]

# ---------------------------------------------------------------------------
# api: HTTP API; GET /health answers 200 once PostgreSQL and Temporal are ready.
# Last stage, so a plain `docker build .` produces the API image.
# ---------------------------------------------------------------------------
FROM runtime AS api
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.API_PORT||3000)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
