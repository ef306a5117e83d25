# The k8sim image that `k8sim sweep --emit-job` manifests run. Build it tagged with the package
# version (the manifests default to it; never :latest):
#   docker build -t k8sim:$(node -p "require('./package.json').version") .
# Base pinned to an exact Node 20 release; runs as the image's non-root user `node` (uid 1000,
# which the emitted pods' securityContext names).

FROM node:20.18.1-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY sim sim
COPY models models
COPY scenarios scenarios
COPY reports reports
COPY runner runner
COPY sweep sweep
COPY cli cli
COPY bench bench
COPY test test
COPY schema schema
RUN npm run build && npm prune --omit=dev

FROM node:20.18.1-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/scenarios/examples scenarios/examples
RUN ln -s /app/dist/cli/k8sim.js /usr/local/bin/k8sim && chmod +x /app/dist/cli/k8sim.js
USER 1000:1000
WORKDIR /home/node
ENTRYPOINT ["k8sim"]
CMD ["--help"]
