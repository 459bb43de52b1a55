// Healthcheck of the gateway image: healthy when the gateway answers /ready and the relay's health_check answers.
// Exit 0 healthy, 1 not. Other URLs may be given as arguments (to run it outside the image).
const DEFAULT_URLS = ['http://127.0.0.1:4319/ready', 'http://127.0.0.1:13133/'];
const urls = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_URLS;
const healthy = await Promise.all(
  urls.map((url) =>
    fetch(url, { signal: AbortSignal.timeout(3000) }).then(
      (response) => response.ok,
      () => false,
    ),
  ),
);
process.exit(healthy.every(Boolean) ? 0 : 1);
