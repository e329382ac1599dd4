// Liveness probe for the service containers (the images have no curl): exit 0 when GET /health/live answers 2xx.
const port = process.env.PORT || '3000';
fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
