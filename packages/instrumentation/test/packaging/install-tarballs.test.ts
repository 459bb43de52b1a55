import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import {
  closedPortUrl,
  type MockLlmServer,
  type OtlpReceiver,
  startMockLlmServer,
  startOtlpReceiver,
} from '@driftwatch/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runApp } from '../helpers/run-app';
import { createApp, installedCopies, npmInstall, packTarballs, runCommand, temporaryFolder } from './fresh-app';
import { codeBlocks, readmeSection, shellCommands } from './readme-blocks';

// Packs the published packages, installs the tarballs into fresh apps outside the repository (from the npm cache
// where it can), and runs the apps as the README says, against the testkit mock and OTLP receiver. One install per
// app, shared by its cases. Needs the npm registry (or a warm npm cache) for openai and OpenTelemetry JS.

const INSTALL_TIMEOUT = 240_000;
const OPENAI_7 = 'openai@7.57.0';
const OPENAI_6 = 'openai@6.49.0';
/** The versions each OpenTelemetry JS line is tested at, by package. */
const OPENTELEMETRY_LINES = {
  '3.x': {
    '@opentelemetry/api': '1.10.0',
    '@opentelemetry/sdk-node': '0.301.0',
    '@opentelemetry/sdk-trace': '3.1.0',
    '@opentelemetry/sdk-metrics': '3.1.0',
    '@opentelemetry/resources': '3.1.0',
    '@opentelemetry/exporter-trace-otlp-proto': '0.301.0',
    '@opentelemetry/exporter-metrics-otlp-proto': '0.301.0',
  },
  '2.x': {
    '@opentelemetry/api': '1.9.1',
    '@opentelemetry/sdk-node': '0.223.0',
    '@opentelemetry/sdk-trace': '2.12.0',
    '@opentelemetry/sdk-metrics': '2.12.0',
    '@opentelemetry/resources': '2.12.0',
    '@opentelemetry/exporter-trace-otlp-proto': '0.223.0',
    '@opentelemetry/exporter-metrics-otlp-proto': '0.223.0',
  },
} as const;

/** An OpenTelemetry JS 2.x release whose import-in-the-middle predates the one Driftwatch's ES module hook feeds. */
const OLD_2X = {
  '@opentelemetry/api': '1.9.1',
  '@opentelemetry/sdk-node': '0.211.0',
  '@opentelemetry/sdk-trace': '2.12.0',
  '@opentelemetry/sdk-metrics': '2.12.0',
  '@opentelemetry/exporter-trace-otlp-proto': '0.211.0',
  '@opentelemetry/exporter-metrics-otlp-proto': '0.211.0',
} as const;

const ESM_APP = `import OpenAI from 'openai';

const client = new OpenAI({ maxRetries: 0 });
const completion = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Qualify this lead' }],
});
console.log(completion.choices[0].message.content);
`;
const CJS_APP = `const OpenAI = require('openai');

const client = new OpenAI({ maxRetries: 0 });
client.chat.completions
  .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Qualify this lead' }] })
  .then((completion) => console.log(completion.choices[0].message.content));
`;
const ANSWER = 'Mock answer to: Qualify this lead\n';

const useSection = readmeSection('## Use it in your app');
const ownSdkSection = readmeSection('### Your own NodeSDK');
/** The first example of packages/processors/README.md: a NodeSDK with the processors, as a short script runs it. */
const processorsExample =
  codeBlocks(readFileSync(join(__dirname, '..', '..', '..', 'processors', 'README.md'), 'utf8'), 'ts')[0] ?? '';

/** `node …` as a README block writes it: the arguments after `node`. */
function nodeArguments(block: string): string[] {
  const command = shellCommands(block).find((words) => words[0] === 'node');
  if (command === undefined) throw new Error(`no node command in:\n${block}`);
  return command.slice(1);
}

const registerArguments = nodeArguments(codeBlocks(useSection, 'sh')[0] ?? '');
const ownSdkArguments = nodeArguments(codeBlocks(ownSdkSection, 'sh').at(-1) ?? '');
const telemetryFile = codeBlocks(ownSdkSection.slice(ownSdkSection.indexOf('`telemetry.mjs`:')), 'js')[0] ?? '';
/** The packages the own-NodeSDK section tells the app to install, in order (the Driftwatch one last). */
const ownSdkPackages = shellCommands(codeBlocks(ownSdkSection, 'sh')[0] ?? '')
  .filter((words) => words[0] === 'npm' && words[1] === 'install')
  .map((words) => words.slice(2));

describe('the packages, installed from their tarballs into fresh apps', () => {
  let llm: MockLlmServer;
  let receiver: OtlpReceiver;
  let tarballs: string[];
  const folder = temporaryFolder('driftwatch-packaging-');
  /** The apps' installs, started together once the tarballs exist; each describe waits for its own. */
  const installs = new Map<string, Promise<void>>();
  const installed = (name: string): Promise<void> => {
    const install = installs.get(name);
    if (install === undefined) throw new Error(`no install for ${name}`);
    return install;
  };

  beforeAll(async () => {
    [llm, receiver, tarballs] = await Promise.all([
      startMockLlmServer(),
      startOtlpReceiver(),
      packTarballs(join(folder.path, 'tarballs')),
    ]);
    installs.set('register', installRegisterApp(join(folder.path, 'register-app')));
    installs.set('core', installCoreApp(join(folder.path, 'core-app')));
    installs.set('old-2.x', installOldInstrumentationApp(join(folder.path, 'old-2.x')));
    for (const line of ['3.x', '2.x'] as const)
      installs.set(line, installOwnSdkApp(join(folder.path, `own-sdk-${line}`), line));
    // Awaited by the describes; a failure here must not also surface as an unhandled rejection.
    for (const install of installs.values()) install.catch(() => {});
  }, INSTALL_TIMEOUT);

  async function installRegisterApp(app: string): Promise<void> {
    createApp(app, { esm: { 'app.js': ESM_APP }, cjs: { 'app.js': CJS_APP } });
    for (const tarball of tarballs) copyFileSync(tarball, join(app, basename(tarball)));
    // The README: `npm install ./driftwatch-*.tgz` (the shell expands the glob), then the app's own openai.
    await npmInstall(app, [...tarballs.map((tarball) => `./${basename(tarball)}`), OPENAI_7]);
  }

  /** `@driftwatch/instrumentation` alone (with the two packages it depends on) and openai: no other exporter. */
  async function installCoreApp(app: string): Promise<void> {
    createApp(app, { esm: { 'app.js': ESM_APP }, cjs: { 'app.js': CJS_APP } });
    await npmInstall(app, [
      ...tarballs.filter((tarball) => /driftwatch-(semconv|processors|instrumentation)-/.test(basename(tarball))),
      OPENAI_7,
    ]);
  }

  /** The README's own-NodeSDK app on an OpenTelemetry JS 2.x release before 0.213, which the README excludes. */
  async function installOldInstrumentationApp(app: string): Promise<void> {
    createApp(app, { esm: { 'telemetry.mjs': telemetryFile, 'app.js': ESM_APP }, cjs: { 'app.js': CJS_APP } });
    const { '@opentelemetry/api': api, ...packages } = OLD_2X;
    await npmInstall(app, [
      OPENAI_7,
      `@opentelemetry/api@${api}`,
      ...Object.entries(packages).map(([name, version]) => `${name}@${version}`),
    ]);
    await npmInstall(app, [
      ...tarballs.filter((tarball) => /driftwatch-(semconv|processors|instrumentation)-/.test(basename(tarball))),
      `@opentelemetry/instrumentation@${OLD_2X['@opentelemetry/sdk-node']}`,
    ]);
  }

  async function installOwnSdkApp(app: string, line: keyof typeof OPENTELEMETRY_LINES): Promise<void> {
    const versions: Record<string, string> = OPENTELEMETRY_LINES[line];
    const withoutHook = telemetryFile.replace(/^registerImportHook\(\);.*\n/m, '');
    const files = {
      'telemetry.mjs': telemetryFile,
      'telemetry-without-hook.mjs': withoutHook,
      'processors-example.mjs': processorsExample,
    };
    createApp(app, { esm: { ...files, 'app.js': ESM_APP }, cjs: { ...files, 'app.js': CJS_APP } });
    // The app's OpenTelemetry first (its api too), then Driftwatch, as two installs the way the README says.
    const [sdkPackages = []] = ownSdkPackages;
    // On 2.x the app pins its api exactly, the case where npm would otherwise refuse Driftwatch's install.
    await npmInstall(app, [
      ...(line === '2.x' ? ['--save-exact'] : []),
      OPENAI_7,
      `@opentelemetry/api@${versions['@opentelemetry/api']}`,
      ...sdkPackages.map((name) => `${name}@${versions[name]}`),
    ]);
    // `npm install @driftwatch/instrumentation`: from the clone, its tarball and those of the two it depends on;
    // on 2.x with the app's `@opentelemetry/instrumentation` version named in the same command, as the README says.
    await npmInstall(app, [
      ...tarballs.filter((tarball) => /driftwatch-(semconv|processors|instrumentation)-/.test(basename(tarball))),
      ...(line === '2.x' ? [`@opentelemetry/instrumentation@${versions['@opentelemetry/sdk-node']}`] : []),
    ]);
  }
  beforeEach(() => {
    llm.reset();
    receiver.reset();
  });
  afterAll(async () => {
    await Promise.all([llm?.close(), receiver?.close()]);
    folder.remove();
  }, INSTALL_TIMEOUT);

  const environment = (serviceName: string, extra: Record<string, string> = {}) => ({
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'sk-test',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: serviceName,
    ...extra,
  });

  /** What a user checks: the call's span enriched by the processors, its metrics, the evaluation events. */
  const expectTelemetry = async (serviceName: string) => {
    await receiver.waitFor(
      (current) =>
        current.spans().length >= 1 &&
        current.metrics().some((point) => point.name === 'driftwatch.llm.cost') &&
        current.logs().some((record) => record.eventName === 'gen_ai.evaluation.result'),
    );
    const spans = receiver.spans();
    expect(spans.map((span) => span.name)).toEqual(['chat gpt-4o-mini']);
    const [span] = spans;
    expect(span?.resource['service.name']).toBe(serviceName);
    expect(span?.scope.name).toBe('@driftwatch/instrumentation');
    expect(span?.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'driftwatch.model.pinned': false,
    });
    expect(span?.attributes['driftwatch.cost.usd']).toBeGreaterThan(0);
    const tokens = receiver.metrics().filter((point) => point.name === 'gen_ai.client.token.usage');
    const sum = (type: string) =>
      tokens
        .filter((point) => point.attributes['gen_ai.token.type'] === type)
        .reduce((total, point) => total + (point.sum ?? 0), 0);
    expect(sum('input')).toBe(llm.stats().totals.inputTokens);
    expect(sum('output')).toBe(llm.stats().totals.outputTokens);
    const evaluation = receiver.logs().find((record) => record.eventName === 'gen_ai.evaluation.result');
    expect(evaluation?.spanId).toBe(span?.spanId);
  };

  describe('a new app that only installs Driftwatch and openai, started with register', () => {
    const app = () => join(folder.path, 'register-app');

    beforeAll(() => installed('register'), INSTALL_TIMEOUT);

    it('should find the README telling to install the tarballs and start with register', () => {
      expect(shellCommands(codeBlocks(useSection, 'sh')[1] ?? '')).toContainEqual([
        'npm',
        'install',
        './driftwatch-*.tgz',
      ]);
      expect(registerArguments).toEqual(['--import', '@driftwatch/instrumentation/register', 'app.js']);
    });

    it('should ship each tarball with its LICENSE, README, CHANGELOG, the sources its maps point to, and no tests', async () => {
      for (const tarball of tarballs) {
        const listing = await runCommand('tar', ['tzf', tarball], folder.path);
        const files = new Set(listing.stdout.trim().split('\n'));
        for (const required of [
          'LICENSE',
          'README.md',
          'CHANGELOG.md',
          'package.json',
          'dist/index.js',
          'dist/index.d.ts',
        ]) {
          expect(files.has(`package/${required}`), `${basename(tarball)}: ${required}`).toBe(true);
        }
        expect(
          [...files].filter((file) => /\/test\/|\.test\.|tsbuildinfo/.test(file)),
          basename(tarball),
        ).toEqual([]);
      }
      // Installed: every source map's sources are there, or in the map itself (the bundled packages' code).
      for (const name of ['instrumentation', 'processors', 'semconv', 'testkit', 'agent-test']) {
        const root = join(app(), 'node_modules', '@driftwatch', name);
        const map = JSON.parse(readFileSync(join(root, 'dist', 'index.js.map'), 'utf8')) as {
          sources: string[];
          sourcesContent?: Array<string | null>;
        };
        map.sources.forEach((source, index) => {
          const content = map.sourcesContent?.[index] ?? readFileSync(join(root, 'dist', source), 'utf8');
          expect(content, `${name}: ${source}`).not.toBe('');
        });
      }
    });

    for (const kind of ['esm', 'cjs'] as const) {
      it(`should trace openai 7 in an ${kind === 'esm' ? 'ES module' : 'CommonJS'} app`, async () => {
        const run = await runApp({
          script: registerArguments.at(-1) ?? '',
          nodeArguments: registerArguments.slice(0, -1),
          cwd: join(app(), kind),
          env: environment(`register-openai7-${kind}`),
        });
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe(ANSWER);
        expect(run.code).toBe(0);
        await expectTelemetry(`register-openai7-${kind}`);
      });
    }

    describe('with openai 6', () => {
      beforeAll(async () => {
        await npmInstall(app(), [OPENAI_6]);
      }, INSTALL_TIMEOUT);

      for (const kind of ['esm', 'cjs'] as const) {
        it(`should trace openai 6 in an ${kind === 'esm' ? 'ES module' : 'CommonJS'} app`, async () => {
          expect(JSON.parse(readFileSync(join(app(), 'node_modules', 'openai', 'package.json'), 'utf8')).version).toBe(
            '6.49.0',
          );
          const run = await runApp({
            script: registerArguments.at(-1) ?? '',
            nodeArguments: registerArguments.slice(0, -1),
            cwd: join(app(), kind),
            env: environment(`register-openai6-${kind}`),
          });
          expect(run.stderr).toBe('');
          expect(run.stdout).toBe(ANSWER);
          expect(run.code).toBe(0);
          await expectTelemetry(`register-openai6-${kind}`);
        });
      }
    });
  });

  describe('a new app with @driftwatch/instrumentation alone, started with register', () => {
    beforeAll(() => installed('core'), INSTALL_TIMEOUT);

    it('should say, whatever the log level, which package an export setting needs when it is missing', async () => {
      const run = await runApp({
        script: registerArguments.at(-1) ?? '',
        nodeArguments: registerArguments.slice(0, -1),
        cwd: join(folder.path, 'core-app', 'esm'),
        env: environment('register-missing-packages', {
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          OTEL_METRICS_EXPORTER: 'otlp,prometheus',
        }),
      });
      expect(run.stdout).toBe(ANSWER);
      expect(run.code).toBe(0);
      const lines = run.stderr.trim().split('\n');
      const packages = [
        'exporter-logs-otlp-grpc',
        'exporter-metrics-otlp-grpc',
        'exporter-prometheus',
        'exporter-trace-otlp-grpc',
      ];
      expect(lines).toHaveLength(packages.length);
      for (const name of packages) {
        expect(lines).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^@driftwatch/instrumentation: .* needs @opentelemetry/${name}, which is not installed.*npm install @opentelemetry/${name}$`,
            ),
          ),
        );
      }
    });
  });

  describe('an ES module app with its own NodeSDK on OpenTelemetry JS 0.211, before the supported 2.x range', () => {
    beforeAll(() => installed('old-2.x'), INSTALL_TIMEOUT);

    it('should say once that its @opentelemetry/instrumentation is too old to trace imports, and leave the app alone', async () => {
      const run = await runApp({
        script: ownSdkArguments.at(-1) ?? '',
        nodeArguments: ownSdkArguments.slice(0, -1),
        cwd: join(folder.path, 'old-2.x', 'esm'),
        env: environment('own-sdk-old-2.x', { OTEL_LOG_LEVEL: 'warn' }),
      });
      expect(run.stdout).toBe(ANSWER);
      expect(run.code).toBe(0);
      expect(run.stderr.match(/@opentelemetry\/instrumentation 0\.211\.0, whose import-in-the-middle/g)).toHaveLength(
        1,
      );
      expect(run.stderr).toContain('to 0.213 or later');
    });
  });

  for (const line of ['3.x', '2.x'] as const) {
    describe(`an app with its own NodeSDK on OpenTelemetry JS ${line}, set up as the README says`, () => {
      const app = () => join(folder.path, `own-sdk-${line}`);
      const versions: Record<string, string> = OPENTELEMETRY_LINES[line];

      beforeAll(() => installed(line), INSTALL_TIMEOUT);

      it('should find the README installing the SDK, then Driftwatch alone', () => {
        expect(ownSdkPackages[0]).toEqual(
          expect.arrayContaining(['@opentelemetry/sdk-node', '@opentelemetry/sdk-trace']),
        );
        expect(ownSdkPackages[1]).toEqual(['@driftwatch/instrumentation']);
      });

      it('should load no SDK code when the app imports the library: only register does', async () => {
        // Packages loaded from node_modules, and those bundled into the Driftwatch files loaded (by their maps).
        const script = `require('@driftwatch/instrumentation');
          const { existsSync, readFileSync } = require('node:fs');
          const paths = Object.keys(require.cache).flatMap((path) =>
            path.includes('/@driftwatch/') && existsSync(path + '.map') ? [path, ...JSON.parse(readFileSync(path + '.map', 'utf8')).sources] : [path]);
          const names = paths.filter((path) => path.includes('node_modules/')).map((path) => path.split('node_modules/').pop().split('/').slice(0, 2).join('/'));
          console.log(JSON.stringify([...new Set(names.filter((name) => name.startsWith('@opentelemetry/')))].sort()));`;
        const result = await runCommand(process.execPath, ['-e', script], app());
        const loaded = JSON.parse(result.stdout) as string[];
        expect(loaded).toContain('@opentelemetry/instrumentation');
        expect(loaded.filter((name) => /sdk-|exporter|resources|otlp/.test(name))).toEqual([]);
      });

      it('should run Driftwatch on the app’s own OpenTelemetry API and instrumentation base', () => {
        const fromDriftwatch = createRequire(
          join(app(), 'node_modules', '@driftwatch', 'instrumentation', 'package.json'),
        );
        for (const name of ['@opentelemetry/api', '@opentelemetry/instrumentation']) {
          expect(fromDriftwatch.resolve(name), name).toBe(createRequire(join(app(), 'package.json')).resolve(name));
        }
        expect(Object.values(installedCopies(app(), '@opentelemetry/api'))).toEqual([versions['@opentelemetry/api']]);
        // On 3.x and 2.x alike, one copy of each OpenTelemetry package, the app's: register's SDK is bundled.
        const installed = readdirSync(join(app(), 'node_modules', '@opentelemetry')).map(
          (name) => `@opentelemetry/${name}`,
        );
        expect(installed).toContain('@opentelemetry/sdk-node');
        for (const name of installed) {
          expect(Object.keys(installedCopies(app(), name)), name).toEqual([`node_modules/${name}`]);
        }
      });

      for (const kind of ['esm', 'cjs'] as const) {
        it(`should trace the ${kind === 'esm' ? 'ES module' : 'CommonJS'} app`, async () => {
          const run = await runApp({
            script: ownSdkArguments.at(-1) ?? '',
            scriptArguments: ['--db-password=on-the-command-line-0123456789'],
            nodeArguments: ownSdkArguments.slice(0, -1),
            cwd: join(app(), kind),
            env: environment(`own-sdk-${line}-${kind}`, { OTEL_LOG_LEVEL: 'warn' }),
          });
          expect(run.stderr).not.toMatch(/error|Cannot read/i);
          expect(run.stderr).not.toContain('registerImportHook');
          expect(run.stdout).toBe(ANSWER);
          expect(run.code).toBe(0);
          await expectTelemetry(`own-sdk-${line}-${kind}`);
          // The README's detectors: the process ones, without the command line and the secret on it.
          const resource = receiver.spans()[0]?.resource ?? {};
          expect(resource['process.pid']).toEqual(expect.any(Number));
          expect(resource['process.command_args']).toBeUndefined();
          expect(JSON.stringify(receiver.spans())).not.toContain('on-the-command-line');
        });
      }

      it('should keep the app’s exit code and say why in one line when no collector is listening', async () => {
        const run = await runApp({
          script: ownSdkArguments.at(-1) ?? '',
          nodeArguments: ownSdkArguments.slice(0, -1),
          cwd: join(app(), 'esm'),
          // The exporter retries a refused connection until its timeout (10 s by default): 1 s here.
          env: environment(`own-sdk-${line}-no-collector`, {
            OTEL_EXPORTER_OTLP_ENDPOINT: await closedPortUrl(),
            OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
          }),
        });
        expect(run.stdout).toBe(ANSWER);
        expect(run.code).toBe(0);
        expect(run.stderr).toMatch(/^telemetry shutdown: .*ECONNREFUSED/m);
        expect(run.stderr).not.toMatch(/triggerUncaughtException|Unhandled/);
      });

      if (line === '2.x') {
        it('should leave the app untouched and say why when it is started with register instead', async () => {
          for (const kind of ['esm', 'cjs'] as const) {
            const run = await runApp({
              script: registerArguments.at(-1) ?? '',
              nodeArguments: registerArguments.slice(0, -1),
              cwd: join(app(), kind),
              env: environment(`register-on-2x-${kind}`),
            });
            expect(run.stdout).toBe(ANSWER);
            expect(run.code).toBe(0);
            expect(run.stderr.trim().split('\n')).toEqual([
              expect.stringMatching(/^@driftwatch\/instrumentation: register needs @opentelemetry\/api 1\.10 or later/),
            ]);
          }
          expect(receiver.spans()).toEqual([]);
        });
      }

      it('should export the spans of a short CommonJS script set up as the processors README shows', async () => {
        const run = await runApp({
          script: 'app.js',
          nodeArguments: ['--import', './processors-example.mjs'],
          cwd: join(app(), 'cjs'),
          env: environment(`processors-readme-${line}`),
        });
        expect(run.stdout).toBe(ANSWER);
        expect(run.code).toBe(0);
        await receiver.waitFor((current) => current.spans().length >= 1);
        expect(receiver.spans().map((span) => [span.name, span.resource['service.name']])).toEqual([
          ['chat gpt-4o-mini', `processors-readme-${line}`],
        ]);
        expect(receiver.spans()[0]?.attributes['driftwatch.cost.usd']).toBeGreaterThan(0);
      });

      it('should warn once, saying what to add, when an ES module app has no import hook', async () => {
        const run = await runApp({
          script: 'app.js',
          nodeArguments: ['--import', './telemetry-without-hook.mjs'],
          cwd: join(app(), 'esm'),
          env: environment(`own-sdk-${line}-no-hook`, { OTEL_LOG_LEVEL: 'warn' }),
        });
        expect(run.stdout).toBe(ANSWER);
        expect(run.stderr.match(/registerImportHook\(\)/g)).toHaveLength(1);
        expect(run.stderr).toContain("registerImportHook() from '@driftwatch/instrumentation' before sdk.start()");
        expect(receiver.spans()).toEqual([]);
      });
    });
  }
});
