// The app: the lead-qualification agent behind a small work loop. Started by run.mjs as
//   node --import @driftwatch/instrumentation/register src/app.mjs
// it takes each simulated day's leads from its parent, qualifies them a few at a time, and records the sales
// team's feedback (was the CRM field right?) as a business outcome. With OPENAI_API_KEY and OPENAI_BASE_URL set
// by you, the agent talks to that provider unchanged.
import { recordOutcome } from '@driftwatch/instrumentation';
import { metrics } from '@opentelemetry/api';
import OpenAI from 'openai';
import { createLeadAgent } from './agent.mjs';

const openai = new OpenAI({ maxRetries: 0 });
const qualifyLead = createLeadAgent({
  openai,
  model: process.env.DEMO_MODEL ?? 'gpt-4o',
  enrichmentUrl: process.env.ENRICHMENT_API_URL,
  crmUrl: process.env.CRM_API_URL,
});

/** Runs `work` over `items` with at most `limit` in flight. */
async function eachLimited(items, limit, work) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(workers);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the day's leads as they arrive: `spacingMs` apart (0: all at once), at most `concurrency` at a time. */
async function runDay({ day, leads, concurrency, spacingMs }) {
  const results = [];
  const dayStart = Date.now();
  const arrival = new Map(leads.map((lead, index) => [lead, dayStart + index * spacingMs]));
  await eachLimited(leads, concurrency, async (lead) => {
    const wait = arrival.get(lead) - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      const result = await qualifyLead(lead);
      results.push({ id: lead.id, status: result.status, qualified: result.verdict?.qualified });
    } catch (error) {
      results.push({ id: lead.id, status: 'error', error: error.message });
    }
    process.send({ type: 'progress', day, done: results.length, total: leads.length });
  });
  return results;
}

/** Feedback from sales arrives after the day: one outcome per lead whose CRM record they checked. */
async function recordFeedback({ outcomes }) {
  for (const { correct } of outcomes) {
    recordOutcome({ name: 'crm_field_correct', value: correct, agent: 'lead-qualifier' });
  }
  // Day boundaries in the report come from these exports: push the day's metrics now rather than on the timer.
  await metrics.getMeterProvider().forceFlush?.();
}

process.on('message', async (message) => {
  if (message.type === 'day') {
    const results = await runDay(message);
    process.send({ type: 'day-done', day: message.day, results });
  } else if (message.type === 'feedback') {
    await recordFeedback(message);
    process.send({ type: 'feedback-done', day: message.day });
  } else if (message.type === 'finish') {
    process.disconnect();
  }
});
process.send({ type: 'ready' });
