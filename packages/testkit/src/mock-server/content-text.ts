import { asArray, asRecord, asString } from './json-values';

/** The text of a message content: a string, or the text of its text parts (`text`, `input_text`, `output_text`). */
export function contentText(content: unknown): string {
  const text = asString(content);
  if (text !== undefined) return text;
  const parts = asArray(content) ?? [];
  return parts
    .map((part) => asString(asRecord(part)?.['text']) ?? '')
    .filter((partText) => partText !== '')
    .join('\n');
}
