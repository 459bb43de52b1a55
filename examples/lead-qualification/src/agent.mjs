// The lead-qualification agent, written the way teams write agents: the openai SDK with tool calling, two HTTP
// tools, a JSON answer checked with zod. Its only telemetry code is traceAgent, tool, escalate and recordOutcome;
// Driftwatch itself is started on the command line (node --import @driftwatch/instrumentation/register).
import { escalate, recordOutcome, tool, traceAgent } from '@driftwatch/instrumentation';
import { z } from 'zod';

/** What the enrichment API returns for a company. */
const Company = z.object({
  domain: z.string(),
  employees: z.number().int(),
  industry: z.string(),
  country: z.string(),
  annualRevenueUsd: z.number(),
});

/** What the CRM answers when a lead is updated (its v1 API). */
const CrmLead = z.object({
  id: z.string(),
  status: z.enum(['new', 'qualified', 'disqualified']),
  owner: z.object({ team: z.string() }),
  updatedAt: z.string(),
});

/** The model's verdict, requested as JSON. */
const Verdict = z.object({
  qualified: z.boolean(),
  score: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
  ownerTeam: z.enum(['smb', 'mid-market', 'enterprise']),
  reason: z.string(),
});

const VERDICT_FORMAT = {
  type: 'json_schema',
  json_schema: {
    name: 'verdict',
    strict: true,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['qualified', 'score', 'confidence', 'ownerTeam', 'reason'],
      properties: {
        qualified: { type: 'boolean' },
        score: { type: 'number' },
        confidence: { type: 'number' },
        ownerTeam: { type: 'string', enum: ['smb', 'mid-market', 'enterprise'] },
        reason: { type: 'string' },
      },
    },
  },
};

const SYSTEM_PROMPT = `You qualify inbound B2B sales leads. Look the company up first, then answer with a verdict:
qualified when the company has 50 or more employees and is in a market we sell to (not Spain). Give a score and
your confidence between 0 and 1, and the sales team that should own the lead.`;

/** Below this confidence the agent hands the lead to a human. */
export const CONFIDENCE_THRESHOLD = 0.6;

/**
 * @param {{ openai: import('openai').OpenAI, model: string, enrichmentUrl: string, crmUrl: string }} options
 * @returns {(lead: { id: string, email: string, domain: string, message: string, history: string }) => Promise<{ status: string, verdict?: unknown }>}
 */
export function createLeadAgent({ openai, model, enrichmentUrl, crmUrl }) {
  const lookupCompany = tool(
    { name: 'lookup_company', description: 'Firmographics of a company by domain', resultSchema: Company },
    async ({ domain }) => {
      const response = await fetch(`${enrichmentUrl}/companies/${encodeURIComponent(domain)}`, {
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`enrichment API answered ${response.status}`);
      return response.json();
    },
  );

  const updateCrm = tool(
    { name: 'update_crm', description: 'Write the verdict to the CRM', resultSchema: CrmLead },
    async (leadId, verdict) => {
      const response = await fetch(`${crmUrl}/leads/${encodeURIComponent(leadId)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ qualified: verdict.qualified, score: verdict.score, ownerTeam: verdict.ownerTeam }),
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`CRM answered ${response.status}`);
      return response.json();
    },
  );

  const tools = (lead) => [
    {
      type: 'function',
      function: {
        name: 'lookup_company',
        description: 'Firmographics of a company by domain',
        parameters: {
          type: 'object',
          additionalProperties: false,
          required: ['domain'],
          properties: { domain: { type: 'string', enum: [lead.domain] } },
        },
      },
    },
  ];

  return function qualifyLead(lead) {
    return traceAgent({ name: 'lead-qualifier', conversationId: lead.id, task: lead.email, maxSteps: 8 }, async () => {
      const messages = [
        { role: 'system', content: SYSTEM_PROMPT },
        {
          role: 'user',
          content: `Lead ${lead.id} <${lead.email}>: ${lead.message}\nHistory:\n${lead.history}`,
        },
      ];
      const first = await openai.chat.completions.create({ model, messages, tools: tools(lead) });
      const assistant = first.choices[0].message;
      messages.push(assistant);
      for (const call of assistant.tool_calls ?? []) {
        const company = await lookupCompany(JSON.parse(call.function.arguments));
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(company) });
      }

      const second = await openai.chat.completions.create({ model, messages, response_format: VERDICT_FORMAT });
      let verdict;
      try {
        verdict = Verdict.parse(JSON.parse(second.choices[0].message.content ?? ''));
      } catch {
        escalate({ category: 'invalid_model_output', reason: 'the verdict was not valid JSON of the schema' });
        return { status: 'escalated' };
      }
      if (verdict.confidence < CONFIDENCE_THRESHOLD) {
        escalate({ category: 'low_confidence', reason: `confidence ${verdict.confidence}` });
        return { status: 'escalated', verdict };
      }
      await updateCrm(lead.id, verdict);
      recordOutcome({ name: 'lead_qualified', value: verdict.qualified });
      return { status: 'done', verdict };
    });
  };
}
