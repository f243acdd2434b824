# syntax=docker/dockerfile:1
# The booking core's HTTP service (apps/http) as a container image:
#   docker build -t voxanne .
#   docker run -p 3000:3000 -e DATABASE_URL=… -e VAPI_SECRET=… -e ADMIN_TOKEN=… -e PUBLIC_URL=https://… voxanne
# Stateless with DATABASE_URL (or SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY): run as many as load
# needs behind a load balancer that terminates TLS (docs/operations.md). Secrets are given at run
# time, never baked in. Node runs the TypeScript sources directly (type stripping): there is no
# compile step. The workspace packages must stay workspace links, not copies inside node_modules
# (where Node does not strip types), so the production dependencies are installed here with a
# filtered `pnpm install --prod` instead of `pnpm deploy`, which would copy them there.

# ---- dependencies: production only, exactly as the lockfile says -----------------------------
FROM node:24.21.0-bookworm-slim AS deps
RUN npm install --global pnpm@10.34.8
WORKDIR /app
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch --prod
COPY package.json ./
COPY apps/http/package.json apps/http/
COPY packages/domain/package.json packages/domain/
COPY packages/adapter-supabase/package.json packages/adapter-supabase/
COPY packages/adapter-google/package.json packages/adapter-google/
COPY packages/adapter-twilio/package.json packages/adapter-twilio/
COPY packages/adapter-smtp/package.json packages/adapter-smtp/
RUN pnpm install --offline --frozen-lockfile --prod --filter "@voxanne/http..."

# ---- runtime: the sources, the SQL migrations and those dependencies, as an unprivileged user ---
FROM node:24.21.0-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app ./
COPY apps/http/src apps/http/src
COPY packages/domain/src packages/domain/src
COPY packages/adapter-supabase/src packages/adapter-supabase/src
COPY packages/adapter-supabase/supabase packages/adapter-supabase/supabase
COPY packages/adapter-google/src packages/adapter-google/src
COPY packages/adapter-twilio/src packages/adapter-twilio/src
COPY packages/adapter-smtp/src packages/adapter-smtp/src
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=30", "apps/http/src/main.ts"]
