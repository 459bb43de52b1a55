import { type ResponseFrame, responseObject } from './response-object';
import { type OutputItem, outputTextPart } from './response-output';
import { splitIntoPieces } from './text-pieces';

type EventBody = Record<string, unknown> & { type: string };

function itemEvents(options: { item: OutputItem; outputIndex: number }): EventBody[] {
  const { item, outputIndex } = options;
  const where = { item_id: item.id, output_index: outputIndex };
  if (item.type === 'reasoning') {
    return [
      { type: 'response.output_item.added', output_index: outputIndex, item },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  }
  if (item.type === 'function_call') {
    return [
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', arguments: '' },
      },
      ...splitIntoPieces(item.arguments, 16).map((delta) => ({
        type: 'response.function_call_arguments.delta',
        ...where,
        delta,
      })),
      { type: 'response.function_call_arguments.done', ...where, name: item.name, arguments: item.arguments },
      { type: 'response.output_item.done', output_index: outputIndex, item },
    ];
  }
  const text = item.content.map((part) => part.text).join('');
  const part = { ...where, content_index: 0 };
  return [
    {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { ...item, status: 'in_progress', content: [] },
    },
    { type: 'response.content_part.added', ...part, part: outputTextPart('') },
    ...splitIntoPieces(text).map((delta) => ({ type: 'response.output_text.delta', ...part, delta, logprobs: [] })),
    { type: 'response.output_text.done', ...part, text, logprobs: [] },
    { type: 'response.content_part.done', ...part, part: outputTextPart(text) },
    { type: 'response.output_item.done', output_index: outputIndex, item },
  ];
}

/**
 * The events of a streamed response, in the real API's order: created, in_progress, per output item its added /
 * delta / done events, then completed (or incomplete when the output was cut by max_output_tokens).
 */
export function responseEvents(frame: ResponseFrame): EventBody[] {
  const inProgress = responseObject({ frame, state: 'in_progress' });
  const events: EventBody[] = [
    { type: 'response.created', response: inProgress },
    { type: 'response.in_progress', response: inProgress },
    ...frame.output.flatMap((item, outputIndex) => itemEvents({ item, outputIndex })),
    {
      type: frame.incomplete ? 'response.incomplete' : 'response.completed',
      response: responseObject({ frame, state: 'final' }),
    },
  ];
  return events.map((event, sequenceNumber) => ({ ...event, sequence_number: sequenceNumber }));
}
