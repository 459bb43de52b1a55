// Preloaded into driftwatch-test (NODE_OPTIONS=--require): prints a line for every HTTP request to the OTLP
// endpoint that was refused, so a test can count the export attempts (the exporters retry a refused one).
const { subscribe } = require('node:diagnostics_channel');

subscribe('http.client.request.error', ({ request, error }) => {
  if (error?.code === 'ECONNREFUSED') process.stderr.write(`[refused export] ${request.path}\n`);
});
