import type { EvaluationInput, EvaluationOutcome, Evaluator } from '../types';
import { jsonSchemaIssues } from './json-schema-issues';
import { failed, passed } from './results';

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: error instanceof RangeError ? 'nested too deeply to parse' : 'not valid JSON' };
  }
}

/**
 * `json_validity`: on calls that asked for JSON (`response_format` `json_object` / `json_schema`, Responses
 * `text.format`, Anthropic `output_format`, or `gen_ai.output.type=json`), every output message must parse, and
 * match the requested JSON Schema (structured outputs' subset) when there is one. Calls answered by a tool call or
 * a refusal, and failed calls, are not scored.
 */
export const jsonValidityEvaluator: Evaluator = {
  name: 'json_validity',
  targets: ['llm'],
  mode: 'sync',
  evaluate(input: EvaluationInput): EvaluationOutcome {
    if (input.failed || !input.hasContent) return undefined;
    const format = input.requestedFormat();
    if (format.type === 'text') return undefined;
    const texts = input.outputTexts();
    if (texts.length === 0) {
      if (input.toolCalls().length > 0 || input.refusal() !== undefined) return undefined;
      return failed('no JSON in the output');
    }
    for (const text of texts) {
      const parsed = parseJson(text);
      if ('error' in parsed) return failed(parsed.error);
      if (format.type !== 'json_schema') continue;
      const issues = jsonSchemaIssues(format.schema, parsed.value);
      if (issues.length > 0) return failed(`does not match the requested schema: ${issues.join('; ')}`);
    }
    return passed();
  },
};
