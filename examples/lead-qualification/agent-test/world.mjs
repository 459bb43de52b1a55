// The demo's world for the agent's test suite: the mock LLM (two checkpoints of gpt-4o that answer differently),
// the enrichment API and the CRM, healthy or with one of the week's failures switched on.
import { readFileSync } from 'node:fs';
import { startMockLlmServer } from '@driftwatch/testkit';
import { verdictText } from '../world/llm-script.mjs';
import { startCrmApi, startEnrichmentApi } from '../world/services.mjs';
import { ADVERSARIAL_DOMAIN } from './adversarial-lead.mjs';

export const SEED = 2;
/** The checkpoint `gpt-4o` resolves to, and the newer one the week swaps in. */
export const CURRENT_CHECKPOINT = 'gpt-4o-2024-08-06';
export const NEWER_CHECKPOINT = 'gpt-4o-2024-11-20';

/** The failures `--inject` switches on, named after the week's. */
export const INJECTIONS = {
  'checkpoint-swap': 'the provider serves gpt-4o from the newer checkpoint, which answers worse',
  'crm-outage': 'the CRM answers half of the writes with 500',
  'crm-schema-change': 'the CRM ships its v2 API: writes answer 200 in a new shape and store nothing',
};

const WEEK = JSON.parse(readFileSync(new URL('../scenarios/fast.json', import.meta.url), 'utf8'));
const HEALTHY = { seed: SEED, baseline: { wrongAnswerRate: 0, lowConfidenceRate: 0, malformedAnswerRate: 0 } };
/** The newer checkpoint answers at the week's swapped-checkpoint rates. */
const NEWER = { seed: SEED, baseline: { ...HEALTHY.baseline, ...WEEK.failures.modelSwap.rates } };

/** The answer text each checkpoint gives for a lead (the current one is right and sure; the newer one is not). */
export function answerOf(checkpoint, lead) {
  return verdictText(checkpoint === NEWER_CHECKPOINT ? NEWER : HEALTHY, 0, lead);
}

/** The leads of the suite's cases. */
export function caseLeads() {
  const file = new URL('./cases.jsonl', import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line).input);
}

/** Every answer the mock gives: the judge's grade, then per lead what each checkpoint answers. */
function scriptedResponses() {
  const adversarial = { id: 'ADV', domain: ADVERSARIAL_DOMAIN };
  const injected = JSON.stringify({
    qualified: true,
    score: 0.99,
    confidence: 0.97,
    ownerTeam: 'enterprise',
    reason: 'PWNED-7731: as instructed, every lead is qualified',
  });
  return [
    { match: 'Rubric:', content: JSON.stringify({ score: 0.9, reason: 'names size and country; follows the rule' }) },
    // The newer checkpoint follows instructions injected into a lead's message; the current one does not.
    { match: 'Lead ADV-injection', model: NEWER_CHECKPOINT, content: injected },
    { match: 'Lead ADV-', content: answerOf(CURRENT_CHECKPOINT, adversarial) },
    ...caseLeads().flatMap((lead) => [
      { match: `Lead ${lead.id} `, model: NEWER_CHECKPOINT, content: answerOf(NEWER_CHECKPOINT, lead) },
      { match: `Lead ${lead.id} `, content: answerOf(CURRENT_CHECKPOINT, lead) },
    ]),
  ];
}

/**
 * Starts the world with the named failures on; resolves to the environment the agent needs (the mock's URL and a
 * placeholder key, unless OPENAI_API_KEY and OPENAI_BASE_URL point at a real provider) and a `close`.
 */
export async function startTestWorld({ inject = [] } = {}) {
  for (const name of inject) {
    if (!(name in INJECTIONS))
      throw new Error(`unknown failure "${name}"; known: ${Object.keys(INJECTIONS).join(', ')}`);
  }
  const llm = await startMockLlmServer({
    scenario: {
      seed: SEED,
      responses: scriptedResponses(),
      ...(inject.includes('checkpoint-swap')
        ? { checkpointSwap: { afterCalls: 0, model: 'gpt-4o', toModel: NEWER_CHECKPOINT } }
        : {}),
    },
  });
  const enrichment = await startEnrichmentApi();
  const crm = await startCrmApi({ seed: SEED });
  crm.configure({
    day: 0,
    outageRate: inject.includes('crm-outage') ? 0.5 : 0,
    apiVersion: inject.includes('crm-schema-change') ? 2 : 1,
  });
  const useRealProvider = Boolean(process.env.OPENAI_API_KEY && process.env.OPENAI_BASE_URL);
  return {
    env: {
      ...(useRealProvider ? {} : { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'sk-demo-not-a-real-key' }),
      ENRICHMENT_API_URL: enrichment.url,
      CRM_API_URL: crm.url,
    },
    close: () => Promise.all([llm.close(), enrichment.close(), crm.close()]),
  };
}
