# syntax=docker/dockerfile:1
#
# Production image of the preverified-sharing subgraph.
#
#   docker build -t preverified-sharing-subgraph .
#   docker run --rm -p 4000:4000 --read-only --cap-drop=ALL --security-opt=no-new-privileges \
#     -e GRAPH_API_VERSION=v25.0 preverified-sharing-subgraph
#
# Configuration is environment only (see README): NODE_ENV (production here), PORT (4000 here),
# HOST (0.0.0.0 here: every interface of the container; the service's own default is loopback),
# GRAPH_API_URL (Meta by default in production; https:// only), GRAPH_API_VERSION,
# GRAPH_API_TOKEN (service mode; pass it as a secret, never bake it in), GRAPH_API_TIMEOUT_MS,
# TRUST_PROXY (the addresses of the router or ingress in front), DATABASE_URL (PostgreSQL for
# time-limited shares, history and state shared by replicas; without it the service runs
# stateless), DATABASE_POOL_SIZE, LOG_LEVEL. Logs are JSON lines on stdout.
#
# test/integration/production-layout.test.ts runs exactly this layout outside Docker: tsc build,
# `npm ci --omit=dev --ignore-scripts`, `node dist/main.js` with NODE_ENV=production.

# One base for every stage. Pin the digest as well for reproducible builds, e.g.
# node:24.21.0-bookworm-slim@sha256:<digest> (Renovate/Dependabot keep it current).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# ---------------------------------------------------------------------------------------------
# Production dependencies only. --ignore-scripts: the `node` package's preinstall would download
# a second Node binary (~126 MB) that the image already has, and no other dependency needs an
# install script (package.json `allowScripts` lists `node` only).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts

# ---------------------------------------------------------------------------------------------
# Compile src/ to dist/ with the dev dependencies (TypeScript). Without install scripts the
# `node` package provides no binary, so tsc runs on this image's Node.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---------------------------------------------------------------------------------------------
# Runtime: Node, tini, production node_modules, dist/ and package.json (dist/main.js reads
# ../package.json for the upstream User-Agent). No npm run, no sources, no dev dependencies.
FROM ${NODE_IMAGE} AS runtime

# tini as PID 1 forwards SIGTERM to Node and reaps zombies, so no `docker run --init` is needed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*

# HOST: outside a container the service listens on loopback only by default; here it must
# listen on the container's interface. (In production it never serves the emulator.)
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app

# Owned by root and not writable by the `node` user that runs the app; the app writes nothing,
# so the container also runs with a read-only root filesystem (`docker run --read-only`).
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The SQL migrations, applied at start-up when DATABASE_URL is set (dist/state/migrate.js reads
# ../../migrations).
COPY migrations ./migrations
COPY --chmod=0444 package.json ./

# The official image's unprivileged user (uid/gid 1000; Kubernetes: runAsUser: 1000).
USER node
EXPOSE 4000

# Liveness for plain Docker (the slim image has no curl; Node's fetch does the job). On Kubernetes
# use httpGet probes instead: liveness /health/live, readiness /health/ready, port 4000.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# main.ts stops gracefully on SIGTERM (in-flight requests finish, exit code 0).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
# Exec form and `node` directly (not `npm start`): the signal reaches Node through tini.
# --max-semi-space-size=16 (MiB): V8 otherwise grows the young generation to 128 MiB under load,
# which was most of the peak RSS (`npm run bench`, README "Benchmarks"); capped, it stays at 32 MiB.
# Free at 50 connections on a fast upstream, not at scale: with 150 ms upstream latency and 200
# connections a request outlives a scavenge and is promoted, and 16 costs about 0.1 ms of CPU per
# request more than 48 or 64 (≈0.61 vs ≈0.53 ms), which would add ≈100 MiB of peak RSS at 50
# connections instead. `npm run bench` and the production-layout test run this exact line.
CMD ["node", "--max-semi-space-size=16", "dist/main.js"]
