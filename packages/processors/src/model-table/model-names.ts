/**
 * What a model name says about itself. Dated checkpoints: `-YYYY-MM-DD` (OpenAI), `-YYYYMMDD` (Anthropic; also
 * `@YYYYMMDD` on Vertex and `-YYYYMMDD-v2:0` on Bedrock), `-MMDD` on OpenAI's older `gpt-` models (`gpt-4-0613`,
 * `gpt-3.5-turbo-0125`) and fine-tunes (`ft:…`), which are snapshots by construction.
 */

/** A full date as one segment of the name, anywhere in it. */
const FULL_DATE = /[-@](?:\d{4}-\d{2}-\d{2}|20\d{6})(?=$|[-:@])/;
/** The same date, ending the name, optionally followed by a provider version (`-v2:0`): a dated variant of a base. */
const TRAILING_FULL_DATE = /[-@](?:\d{4}-\d{2}-\d{2}|20\d{6})(?:-v\d+(?::\d+)?)?$/;
/** OpenAI's month-day snapshots of the `gpt-` family: `gpt-4-0613`, `gpt-4-1106-preview`. */
const GPT_MONTH_DAY = /^gpt-[\w.-]*?-(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?=$|-)/;
/** Names that float by definition: `chatgpt-4o-latest`, `claude-3-5-sonnet-latest`. */
const LATEST = /(?:^|[-@:])latest$/;

export const FINE_TUNE_PREFIX = 'ft:';

/** True when the name carries its checkpoint date (or is a fine-tune): it cannot float. */
export function isDatedModel(model: string): boolean {
  return model.startsWith(FINE_TUNE_PREFIX) || FULL_DATE.test(model) || GPT_MONTH_DAY.test(model);
}

/** True when the name says it follows the newest version (`…-latest`). */
export function isLatestAlias(model: string): boolean {
  return LATEST.test(model);
}

/**
 * The name without its trailing date: `gpt-4o-mini-2025-01-01` -> `gpt-4o-mini`,
 * `claude-sonnet-4-5-20250929` -> `claude-sonnet-4-5`; undefined when the name does not end with a full date.
 */
export function withoutTrailingDate(model: string): string | undefined {
  const match = TRAILING_FULL_DATE.exec(model);
  return match === null || match.index === 0 ? undefined : model.slice(0, match.index);
}

/** `ft:gpt-4o-mini-2024-07-18:acme::abc123` -> `ft:gpt-4o-mini-2024-07-18` (the table's key for its prices). */
export function fineTuneKey(model: string): string | undefined {
  if (!model.startsWith(FINE_TUNE_PREFIX)) return undefined;
  const base = model.slice(FINE_TUNE_PREFIX.length).split(':', 1)[0];
  return base === undefined || base === '' ? undefined : FINE_TUNE_PREFIX + base;
}
