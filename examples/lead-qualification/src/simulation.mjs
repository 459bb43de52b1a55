// Runs a scenario end to end: the world (mock LLM, CRM, enrichment API), the app under Driftwatch's one-line
// register in a child process, an OTLP receiver for what it exports, and the day-by-day loop that injects the
// scenario's failures. Returns what was exported and the day windows, for the report and for tests.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';
import { companyProfile, isQualified } from '../world/companies.mjs';
import { failureOn, leadsOfDay } from '../world/leads.mjs';
import { llmScenarioForDay } from '../world/llm-script.mjs';
import { fraction } from '../world/random.mjs';
import { startCrmApi, startEnrichmentApi } from '../world/services.mjs';

const APP = fileURLToPath(new URL('./app.mjs', import.meta.url));
const nowNanos = () => BigInt(Date.now()) * 1_000_000n;

function nextMessage(child, type, onOther) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.type === type) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      } else onOther?.(message);
    };
    const onExit = (code) => reject(new Error(`the app exited (code ${code}) while the demo waited for "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Passes every OTLP export to the demo's receiver (whose answer the app gets) and also to `forwardTo`, the backend
 * the user pointed the demo at with OTEL_EXPORTER_OTLP_ENDPOINT: the report still comes from the receiver.
 */
async function startOtlpTee(receiverUrl, forwardTo) {
  let warned = false;
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const init = {
      method: 'POST',
      headers: Object.fromEntries(
        ['content-type', 'content-encoding']
          .filter((name) => request.headers[name] !== undefined)
          .map((name) => [name, request.headers[name]]),
      ),
      body: Buffer.concat(chunks),
    };
    fetch(`${forwardTo.replace(/\/$/, '')}${request.url}`, init).catch((error) => {
      if (!warned) console.warn(`demo: could not forward telemetry to ${forwardTo}: ${error.message}`);
      warned = true;
    });
    try {
      const answer = await fetch(`${receiverUrl.replace(/\/$/, '')}${request.url}`, init);
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      response.writeHead(502).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * @param {object} scenario the parsed scenario file
 * @param {{ days?: number, secondsPerDay?: number, onProgress?: (progress: { day: number, done: number, total: number }) => void, env?: object, beforeDay?: (day: { day: number }) => Promise<void> | void }} options
 *   `env` is added to the app's environment; `beforeDay` is awaited before each day starts (the live alert test
 *   uses it to hold the first day until Prometheus scrapes the app).
 */
export async function runSimulation(scenario, options = {}) {
  const days = options.days ?? 7;
  const llm = await startMockLlmServer({ scenario: { seed: scenario.seed }, latencyMs: scenario.llmLatencyMs ?? 0 });
  const enrichment = await startEnrichmentApi();
  const crm = await startCrmApi({ seed: scenario.seed });
  const receiver = await startOtlpReceiver();
  // With OTEL_EXPORTER_OTLP_ENDPOINT set (a Collector: docker compose up), the app's exports also go there, and
  // metrics every 5 s instead of only at day ends, so Prometheus sees the week as it happens.
  const forwardTo = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tee = forwardTo ? await startOtlpTee(receiver.url, forwardTo) : undefined;
  const useRealProvider = Boolean(process.env.OPENAI_API_KEY && process.env.OPENAI_BASE_URL);
  const child = fork(APP, [], {
    execArgv: ['--import', '@driftwatch/instrumentation/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      ...(useRealProvider ? {} : { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'sk-demo-not-a-real-key' }),
      DEMO_MODEL: scenario.model,
      ENRICHMENT_API_URL: enrichment.url,
      CRM_API_URL: crm.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: tee?.url ?? receiver.url,
      OTEL_SERVICE_NAME: 'lead-qualifier',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=demo',
      OTEL_METRIC_EXPORT_INTERVAL: tee ? '5000' : '600000',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BSP_MAX_QUEUE_SIZE: '65536',
      ...options.env,
    },
  });
  const windows = [];
  const runsByDay = [];
  let totalRuns = 0;
  try {
    await nextMessage(child, 'ready');
    let resubmit = [];
    for (let day = 0; day < days; day++) {
      const leads = leadsOfDay(scenario, day, resubmit);
      llm.setScenario(llmScenarioForDay(scenario, day, leads));
      crm.configure({
        day,
        outageRate: failureOn(scenario, 'crmOutage', day)?.outageRate ?? 0,
        apiVersion: failureOn(scenario, 'crmSchemaChange', day) ? 2 : 1,
      });
      await options.beforeDay?.({ day });
      const startNanos = nowNanos();
      const spacingMs = ((options.secondsPerDay ?? scenario.secondsPerDay ?? 0) * 1000) / Math.max(1, leads.length);
      child.send({ type: 'day', day, leads, concurrency: scenario.concurrency, spacingMs });
      const { results } = await nextMessage(child, 'day-done', (message) => {
        if (message.type === 'progress') options.onProgress?.(message);
      });
      // Sales checks what the CRM holds for the leads the agent finished, and sends back the ones that look wrong.
      const byId = new Map(leads.map((lead) => [lead.id, lead]));
      const outcomes = results
        .filter((result) => result.status === 'done')
        .map((result) => {
          const truth = isQualified(companyProfile(byId.get(result.id).domain));
          return { id: result.id, correct: crm.statusOf(result.id) === (truth ? 'qualified' : 'disqualified') };
        });
      child.send({ type: 'feedback', day, outcomes });
      await nextMessage(child, 'feedback-done');
      windows.push({ day, startNanos, endNanos: nowNanos() });
      runsByDay.push(results);
      totalRuns += results.length;
      resubmit = outcomes
        .filter(
          ({ id, correct }) =>
            !correct || fraction(scenario.seed, 'resubmit', day, id) < scenario.baseline.resubmitRate,
        )
        .map(({ id }) => byId.get(id));
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'finish' });
    // An app with a pull exporter (OTEL_METRICS_EXPORTER=prometheus) keeps serving after it disconnects: stop it
    // with SIGTERM, on which Driftwatch flushes and exits. The default app has exited long before.
    const stop = setTimeout(() => child.kill('SIGTERM'), 2000);
    await exited;
    clearTimeout(stop);
    await receiver.waitFor(
      (current) => current.spans().filter((span) => span.name === 'invoke_agent lead-qualifier').length >= totalRuns,
      { timeoutMs: 20_000 },
    );
    return { windows, runsByDay, spans: receiver.spans(), metrics: receiver.metrics(), llmStats: llm.stats() };
  } finally {
    if (child.exitCode === null) child.kill();
    await Promise.all([receiver.close(), llm.close(), enrichment.close(), crm.close(), tee?.close()]);
  }
}
