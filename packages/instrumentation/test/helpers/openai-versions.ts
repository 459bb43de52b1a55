import OpenAI7 from 'openai';
import OpenAI6 from 'openai-v6';

export type OpenAIConstructor = typeof OpenAI7;

export interface OpenAIVersion {
  readonly label: string;
  readonly version: string;
  readonly OpenAI: OpenAIConstructor;
}

/** The newest release of each supported `openai` major, both installed side by side. */
export const OPENAI_VERSIONS: readonly OpenAIVersion[] = [
  { label: 'openai 7', version: require('openai/package.json').version, OpenAI: OpenAI7 },
  {
    label: 'openai 6',
    version: require('openai-v6/package.json').version,
    OpenAI: OpenAI6 as unknown as OpenAIConstructor,
  },
];
