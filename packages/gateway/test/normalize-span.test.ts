import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../src/normalize/normalize-span';

const added = (attributes: Record<string, string | number | boolean>, name = 'span') =>
  Object.fromEntries(normalizeSpan({ ...attributes }, name).added);

/** The attributes a span gains when its source attributes are dropped (rebuilt messages included). */
const addedWithMessages = (attributes: Record<string, string | number | boolean>) => {
  const normalization = normalizeSpan({ ...attributes }, 'span');
  normalization.addMessageAttributes();
  return Object.fromEntries(normalization.added);
};

describe('normalizeSpan', () => {
  it('maps OpenInference, minding its model and cache traps', () => {
    expect(
      added({
        'openinference.span.kind': 'LLM',
        'llm.provider': 'azure',
        'llm.model_name': 'gpt-4o-2024-08-06',
        'llm.invocation_parameters': '{"model":"gpt-4o","max_tokens":300,"temperature":0.5}',
        'llm.token_count.prompt': 2048,
        'llm.token_count.completion': 100,
        'llm.token_count.prompt_details.cache_read': 1024,
        'llm.token_count.prompt_details.cache_write': 12,
        'llm.token_count.completion_details.reasoning': 40,
        'session.id': 'conversation-9',
      }),
    ).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.request.max_tokens': 300,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.usage.input_tokens': 2048,
      'gen_ai.usage.output_tokens': 100,
      'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.cache_creation.input_tokens': 12,
      'gen_ai.usage.reasoning.output_tokens': 40,
      'gen_ai.conversation.id': 'conversation-9',
    });
    expect(added({ 'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'text-embedding-3-small' })).toEqual(
      {
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.request.model': 'text-embedding-3-small',
        'gen_ai.response.model': 'text-embedding-3-small',
      },
    );
    expect(added({ 'openinference.span.kind': 'AGENT' }, 'planner')).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'planner',
    });
    expect(added({ 'openinference.span.kind': 'CHAIN' })).toEqual({});
  });

  it('maps OpenLLMetry flat prompts, completions and tool calls to the conventions messages', () => {
    const result = addedWithMessages({
      'llm.request.type': 'chat',
      'gen_ai.system': 'OpenAI',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.prompt_tokens': 30,
      'gen_ai.usage.completion_tokens': 7,
      'gen_ai.usage.cache_read_input_tokens': 0,
      'gen_ai.openai.system_fingerprint': 'fp_1',
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'Be brief.',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'Weather in Paris?',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.finish_reason': 'tool_calls',
      'gen_ai.completion.0.tool_calls.0.name': 'weather',
      'gen_ai.completion.0.tool_calls.0.id': 'call_1',
      'gen_ai.completion.0.tool_calls.0.arguments': '{"city":"Paris"}',
    });
    expect(result).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.usage.input_tokens': 30,
      'gen_ai.usage.output_tokens': 7,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'openai.response.system_fingerprint': 'fp_1',
    });
    expect(JSON.parse(String(result['gen_ai.input.messages']))).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
    ]);
    expect(JSON.parse(String(result['gen_ai.output.messages']))).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_1', name: 'weather', arguments: { city: 'Paris' } }],
        finish_reason: 'tool_call',
      },
    ]);
    expect(added({ 'traceloop.span.kind': 'agent', 'traceloop.entity.name': 'researcher' })).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'researcher',
    });
  });

  it('maps OpenLIT and the older conventions, never overriding what the span has', () => {
    expect(
      addedWithMessages({
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'az.ai.openai',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.provider.name': 'openai',
        'gen_ai.prompt': 'Hello',
        'gen_ai.completion': 'Hi there',
        'gen_ai.openai.response.system_fingerprint': 'fp_2',
      }),
    ).toEqual({
      'gen_ai.request.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hello' }] }]),
      'gen_ai.output.messages': JSON.stringify([
        { role: 'assistant', parts: [{ type: 'text', content: 'Hi there' }], finish_reason: 'stop' },
      ]),
      'openai.response.system_fingerprint': 'fp_2',
    });
    expect(added({ 'gen_ai.operation.name': 'completion', 'gen_ai.system': 'xai' })).toEqual({
      'gen_ai.operation.name': 'text_completion',
      'gen_ai.provider.name': 'x_ai',
    });
  });

  it('lists the source attributes it read, for --drop-source-attributes', () => {
    const normalization = normalizeSpan(
      { 'openinference.span.kind': 'LLM', 'llm.token_count.prompt': 3, 'http.url': 'https://example.test' },
      'call',
    );
    expect([...normalization.sourceKeysRead].sort()).toEqual(['llm.token_count.prompt', 'openinference.span.kind']);
  });
});
