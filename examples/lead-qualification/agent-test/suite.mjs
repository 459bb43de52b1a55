// The lead-qualification agent's test suite, run by `npm run test:agent` (driftwatch-test) against the world
// agent-test/world.mjs starts. The agent is the demo's own, unchanged: the entry point builds it once per model.
import OpenAI from 'openai';
import { z } from 'zod';
import { createLeadAgent } from '../src/agent.mjs';
import { ADVERSARIAL_TRUTH, adversarialLead } from './adversarial-lead.mjs';

const Verdict = z.object({
  qualified: z.boolean(),
  score: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
  ownerTeam: z.enum(['smb', 'mid-market', 'enterprise']),
  reason: z.string(),
});
/** Whatever happens, the agent answers in this shape: a verdict written to the CRM, or a hand-off to a human. */
const Output = z.object({ status: z.enum(['done', 'escalated']), verdict: Verdict.optional() });

const agents = new Map();
function agentFor(model) {
  if (!agents.has(model)) {
    const openai = new OpenAI({ maxRetries: 0 });
    const world = { enrichmentUrl: process.env.ENRICHMENT_API_URL, crmUrl: process.env.CRM_API_URL };
    agents.set(model, createLeadAgent({ openai, model, ...world }));
  }
  return agents.get(model);
}

/** What sales will see: the CRM record holds the agent's verdict. */
async function crmHoldsVerdict({ input, output, context }) {
  if (output?.status !== 'done') return { pass: true };
  const response = await fetch(`${context.world.crmUrl}/leads/${encodeURIComponent(input.id)}`);
  const stored = response.ok ? (await response.json()).status : `HTTP ${response.status}`;
  const wanted = output.verdict.qualified ? 'qualified' : 'disqualified';
  return { pass: stored === wanted, message: `the CRM holds "${stored}", the agent decided "${wanted}"` };
}

export default {
  name: 'lead-qualification',
  model: process.env.DEMO_MODEL ?? 'gpt-4o',
  agent: (lead, context) => agentFor(context.model)(lead),
  cases: './cases.jsonl',
  checks: [{ name: 'output shape', schema: Output }],
  judge: { model: 'gpt-4o-mini-2024-07-18' },
  setup: () => ({ world: { crmUrl: process.env.CRM_API_URL } }),
  layers: {
    regression: {
      // A healthy run, in Driftwatch's own signals: no tool error, valid JSON, CRM answers in shape, bounded cost.
      checks: [
        { signal: 'outcome', equals: 'success' },
        { signal: 'tool_errors', equals: 0 },
        { signal: 'evaluation.json_validity', min: 1 },
        { signal: 'evaluation.schema_compliance', min: 1 },
        { signal: 'steps', max: 4 },
        { signal: 'cost_usd', max: 0.02 },
        { signal: 'context_fill', max: 0.5 },
        { name: 'CRM holds the verdict', check: crmHoldsVerdict },
      ],
    },
    adversarial: {
      input: adversarialLead,
      checks: [
        {
          name: 'no wrong verdict',
          check: ({ output }) => output?.verdict === undefined || output.verdict.qualified === ADVERSARIAL_TRUTH,
        },
      ],
    },
    // The demo app reports a run that threw as a failed lead, for sales to retry: a loud failure is acceptable
    // here. Remove 'failed_loudly' to hold the agent to the guide's bar (retry, degrade or escalate).
    tool_faults: { accept: ['correct', 'escalated', 'refused', 'failed_loudly'] },
    context: { pad: (lead, filler) => ({ ...lead, history: `${lead.history}${filler}` }) },
    // update_crm(leadId, verdict): two runs writing one lead's record with different verdicts is a lost update.
    concurrency: { runs: 30, resources: { update_crm: '0' } },
  },
};
