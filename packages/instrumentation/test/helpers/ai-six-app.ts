import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIXTURES } from './framework-world';

/**
 * An app folder with the previous AI SDK major installed under its own name (`ai`, `@ai-sdk/openai`) and the given
 * fixture files copied in; returns its path.
 */
export function aiSixApp(name: string, fixtureFiles: readonly string[]): string {
  const app = join(__dirname, '..', '..', '.test-apps', name);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'node_modules', '@ai-sdk'), { recursive: true });
  cpSync(dirname(require.resolve('ai-v6/package.json')), join(app, 'node_modules', 'ai'), { recursive: true });
  cpSync(dirname(require.resolve('ai-sdk-openai-v3/package.json')), join(app, 'node_modules', '@ai-sdk', 'openai'), {
    recursive: true,
  });
  for (const file of fixtureFiles) cpSync(join(FIXTURES, file), join(app, file));
  return app;
}
