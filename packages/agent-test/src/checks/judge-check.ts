import { isPinnedModel } from '@driftwatch/processors';
import type { CheckResult, JudgeCheck } from '../types';
import { textOf } from './output-path';

/** Where the judge calls: an OpenAI-compatible chat completions endpoint. */
export interface JudgeEndpoint {
  readonly model: string | undefined;
  readonly baseURL: string;
  readonly apiKey: string | undefined;
}

const INSTRUCTIONS = `You are grading an AI agent's answer against a rubric. Reply with JSON only:
{"score": <number from 0 to 1>, "reason": "<one sentence>"}`;

/** The judge's grade of an output: a score in [0, 1] from a dated model, passing at the threshold (0.7). */
export async function judgeOutput(options: {
  readonly spec: JudgeCheck;
  readonly endpoint: JudgeEndpoint;
  readonly input: unknown;
  readonly output: unknown;
  readonly name: string;
}): Promise<CheckResult> {
  const { spec, endpoint, name } = options;
  const model = spec.model ?? endpoint.model;
  if (model === undefined) return { name, pass: false, message: 'no judge model: set judge.model in the suite' };
  if (isPinnedModel(model) === false) {
    return { name, pass: false, message: `judge model "${model}" is a floating alias: name a dated checkpoint` };
  }
  const response = await fetch(`${endpoint.baseURL.replace(/\/$/, '')}/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
    },
    body: JSON.stringify({
      model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        {
          role: 'user',
          content: `Rubric:\n${spec.rubric}\n\nInput:\n${textOf(options.input).slice(0, 8000)}\n\nAnswer:\n${textOf(options.output).slice(0, 8000)}`,
        },
      ],
    }),
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) return { name, pass: false, message: `judge answered HTTP ${response.status}` };
  const body = (await response.json()) as { choices?: Array<{ message?: { content?: string } }> };
  let grade: { score?: unknown; reason?: unknown };
  try {
    grade = JSON.parse(body.choices?.[0]?.message?.content ?? '');
  } catch {
    return { name, pass: false, message: 'the judge did not answer JSON' };
  }
  if (typeof grade.score !== 'number') return { name, pass: false, message: 'the judge gave no score' };
  const threshold = spec.threshold ?? 0.7;
  const reason = typeof grade.reason === 'string' ? ` (${grade.reason})` : '';
  return {
    name,
    pass: grade.score >= threshold,
    score: grade.score,
    message: `${model} scored ${grade.score} against ${threshold}${reason}`,
  };
}
