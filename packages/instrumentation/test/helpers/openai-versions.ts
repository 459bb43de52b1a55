import OpenAI7 from 'openai';
import { VERSION as VERSION7 } from 'openai/version';
import OpenAI6 from 'openai-v6';
import { VERSION as VERSION6 } from 'openai-v6/version';

export type OpenAIConstructor = typeof OpenAI7;

export interface OpenAIVersion {
  readonly label: string;
  readonly version: string;
  readonly OpenAI: OpenAIConstructor;
}

/** The newest release of each supported `openai` major, both installed side by side. */
export const OPENAI_VERSIONS: readonly OpenAIVersion[] = [
  { label: 'openai 7', version: VERSION7, OpenAI: OpenAI7 },
  { label: 'openai 6', version: VERSION6, OpenAI: OpenAI6 as unknown as OpenAIConstructor },
];
