// An in-process transport: a `fetch` for the OpenAI client that answers from memory. The first request of each
// distinct body goes to the real mock server and its answer is kept; every later one is answered from that copy
// without touching the network, so a figure measured over it is the SDK's and the instrumentation's CPU only
// (no sockets, no HTTP parser, no mock server sharing the two cores).

/** Returns `{ fetch, recorded }`: the fetch to give `new OpenAI({ fetch })`, and how many answers it holds. */
export function createMemoryFetch({ realFetch = globalThis.fetch } = {}) {
  const answers = new Map();
  const encoder = new TextEncoder();

  async function record(key, url, init) {
    const response = await realFetch(url, init);
    const body = encoder.encode(await response.text());
    const answer = { status: response.status, headers: [...response.headers], body };
    if (response.status < 500) answers.set(key, answer);
    return answer;
  }

  async function memoryFetch(input, init = {}) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const key = `${init.method ?? 'GET'} ${url}\n${typeof init.body === 'string' ? init.body : ''}`;
    const answer = answers.get(key) ?? (await record(key, url, init));
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  }

  return {
    fetch: memoryFetch,
    get recorded() {
      return answers.size;
    },
  };
}
