# One image for the four services; the service is chosen at run time:
#
#   docker build -t nestjs-kafka-services .
#   docker run --rm -e KAFKA_BROKERS=kafka:29092 -e DATABASE_URL=postgres://... nestjs-kafka-services order-service
#   (or -e SERVICE=order-service). Inside the container every service listens on $PORT, 3000 unless set.
#
# The services run from their TypeScript source through ts-node, as `npm start` runs them, so the runtime image keeps
# the dev dependencies (ts-node, tsconfig-paths, typescript) and there is no separate compile step to drift.

ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# 0.0.0.0: the services bind 127.0.0.1 by default, which nothing outside the container could reach.
ENV HOST=0.0.0.0 \
    PORT=3000
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
COPY docker ./docker
# Without DATABASE_URL a service keeps PGlite under ./data/<service>: the only place it writes, so the only place
# the unprivileged user owns.
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 CMD ["node", "/app/docker/service-healthcheck.js"]
ENTRYPOINT ["/app/docker/run-service.sh"]
