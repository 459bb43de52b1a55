import type { EvaluationInput, EvaluationOutcome, Evaluator } from '../types';
import { failed, passed } from './results';

/** Refusals open the answer: only this many characters are looked at, whatever the output's size. */
const REFUSAL_WINDOW = 400;

const CANNOT = `(?:can['’]?t|cannot|can not|won['’]t|will not|am not able to|['’]m not able to|am unable to|['’]m unable to|am not allowed to|must decline to|have to decline to)`;
/** Words that may stand between "I can't" and the verb ("I can't really help"). */
const FILLER = String.raw`(?:(?:really|currently|directly|actually|personally|legally|safely|ethically|responsibly)\s+)?`;
const VERBS = `(?:help|assist|provide|do|comply|fulfil+|complete|create|generate|write|share|answer|support|engage|continue|give|offer|discuss|process|produce|disclose|participate)`;

/** "I'm sorry, but I can't help with that", "I cannot assist", "As an AI, I can't": at the start of the answer. */
const REFUSAL_OPENING = new RegExp(
  String.raw`^\W{0,8}(?:(?:i['’]?m sorry|i am sorry|sorry|i apologi[sz]e|unfortunately|apologies)\W{0,4}(?:but\s+)?)?(?:i|we)\s*${CANNOT}\s+${FILLER}${VERBS}\b|^\W{0,8}i must (?:respectfully )?decline\b`,
  'i',
);
/** The same anywhere in the window, when it is clearly about the request. */
const REFUSAL_PHRASE = new RegExp(
  String.raw`\bas an ai(?: language model| assistant)?,? i\s*(?:can['’]?t|cannot|do not|don['’]t|am not able|am unable)\b|\b(?:i|we)\s*${CANNOT}\s+(?:help|assist)\s+with\s+(?:that|this|your request|this request)\b`,
  'i',
);

/** Finish reasons of an answer the provider itself refused or filtered. */
const REFUSAL_REASONS = new Set(['content_filter', 'refusal']);

/**
 * `refusal`: fails an answer that declines the request: the provider's own refusal (OpenAI `refusal`,
 * `content_filter`, Anthropic `stop_reason=refusal`) or an opening like "I'm sorry, but I can't help with that"
 * (English, curly apostrophes included). Only the first 400 characters are read. Failed calls are not scored.
 */
export const refusalEvaluator: Evaluator = {
  name: 'refusal',
  targets: ['llm'],
  mode: 'sync',
  evaluate(input: EvaluationInput): EvaluationOutcome {
    if (input.failed) return undefined;
    const reason = input.finishReasons.find((candidate) => REFUSAL_REASONS.has(candidate));
    if (reason !== undefined) return failed(`refused by the provider (finish reason ${reason})`);
    if (!input.hasContent) return undefined;
    if (input.refusal() !== undefined) return failed('refused (the provider reported a refusal)');
    const opening = input.outputText().slice(0, REFUSAL_WINDOW).trimStart();
    if (opening === '') return input.toolCalls().length > 0 ? passed() : undefined;
    if (REFUSAL_OPENING.test(opening) || REFUSAL_PHRASE.test(opening)) return failed('the answer declines the request');
    return passed();
  },
};
