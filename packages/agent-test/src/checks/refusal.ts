import { textOf } from './output-path';

/** Openings of refusals and "I don't understand" answers, in the corpus's languages. */
const REFUSAL = new RegExp(
  [
    "\\bI (?:can(?:'|no)t|cannot|am unable to|won't|will not)\\b",
    "\\bI (?:don't|do not) (?:understand|know)\\b",
    '\\bnot able to help\\b',
    '\\bcould you (?:clarify|rephrase)\\b',
    '\\bje ne (?:peux|comprends) pas\\b',
    '\\bich (?:kann|verstehe) (?:das )?nicht\\b',
    '\\bno (?:puedo|entiendo)\\b',
    '\\bnão (?:posso|entendo)\\b',
    '我无法|我不明白|我不能',
    '申し訳ありません|理解できません',
  ].join('|'),
  'i',
);

/** Whether an output reads as a refusal or a request for clarification. */
export function looksLikeRefusal(output: unknown): boolean {
  return REFUSAL.test(textOf(output).slice(0, 2000));
}
