import type { RequestedFormat } from '@driftwatch/processors';
import { asRecord } from '../internal/readers';

/**
 * The format a request asked for, from a chat `response_format`, a Responses `text.format` or an Anthropic
 * `output_config.format` / `output_format` value; undefined when it says nothing.
 */
export function requestedFormatOf(format: unknown): RequestedFormat | undefined {
  const record = asRecord(format);
  switch (record?.type) {
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const schema = asRecord(record.json_schema)?.schema ?? record.schema;
      return schema === undefined ? { type: 'json' } : { type: 'json_schema', schema };
    }
    case 'text':
      return { type: 'text' };
    default:
      return undefined;
  }
}
