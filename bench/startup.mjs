// `npm run bench:startup`: what `node --import @driftwatch/instrumentation/register` (and `--require`) adds to the
// start of a clean app that imports `openai`, beside no instrumentation and a plain NodeSDK start. The app lives
// outside the workspace, with Driftwatch installed from `npm pack` tarballs. See docs/benchmarks.md.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startOtlpReceiver } from '@driftwatch/testkit';
import { DEFAULT_APP_DIRECTORY, prepareFreshApp } from './src/startup/fresh-app.mjs';
import { measureStartup } from './src/startup/measure-startup.mjs';
import { formatStartupMarkdown, startupRows } from './src/startup/startup-report.mjs';

const USAGE = `Usage: npm run bench:startup -- [options]

  --rounds <n>        interleaved rounds, each runs every variant once (default 15)
  --app <directory>   where the fresh app is installed (default ${DEFAULT_APP_DIRECTORY})
  --no-install        reuse the app already installed there (after a rebuild, install again)
  --from <checkout>   pack Driftwatch from another built checkout (to measure an older build)
  --markdown <file>   also write the table as Markdown
  -h, --help`;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    app: { type: 'string', default: DEFAULT_APP_DIRECTORY },
    'no-install': { type: 'boolean', default: false },
    from: { type: 'string' },
    markdown: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const rounds = Number(values.rounds);
const directory = values['no-install'] ? values.app : prepareFreshApp(values.app, values.from);
// A collector that answers, so no variant's exit depends on export failures.
const receiver = await startOtlpReceiver();
try {
  const results = await measureStartup({
    directory,
    rounds,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'startup-bench' },
  });
  const markdown = formatStartupMarkdown(startupRows(results), { rounds });
  console.log(markdown);
  for (const result of results) {
    if (result.stderr !== '') console.log(`\n${result.variant} wrote to stderr:\n${result.stderr}`);
  }
  if (values.markdown) writeFileSync(values.markdown, `${markdown}\n`);
} finally {
  await receiver.close();
}
