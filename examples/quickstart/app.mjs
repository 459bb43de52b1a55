// A plain openai app: no telemetry code at all. Driftwatch is added on the command line:
//   node --import @driftwatch/instrumentation/register app.mjs
import OpenAI from 'openai';

const client = new OpenAI();
const messages = [
  { role: 'system', content: 'You qualify inbound sales leads.' },
  { role: 'user', content: 'Acme Corp, 250 employees, asked for a demo. Qualify them.' },
];

const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
console.log(`chat: ${completion.choices[0].message.content}`);

const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
let streamed = '';
for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
console.log(`stream: ${streamed}`);

const response = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Summarise Acme in one line.' });
console.log(`responses: ${response.output_text}`);

const embedding = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'Acme Corp' });
console.log(`embeddings: ${embedding.data[0].embedding.length} dimensions`);

const failed = await client.chat.completions
  .create({ model: 'gpt-4o-mini', messages }, { headers: { 'x-mock-fault': 'rate_limit' }, maxRetries: 0 })
  .catch((error) => error);
console.log(`rate limited: ${failed.constructor.name} ${failed.status}`);
