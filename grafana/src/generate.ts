// Writes the generated artifacts: grafana/alerts/*.rules.yml, grafana/alerts/demo/*.rules.yml and
// grafana/dashboards/*.json. With --check it writes nothing and exits 1 when a committed file differs.
//   node grafana/src/generate.ts [--check]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generatedFiles } from './generated-files.ts';

const root = join(import.meta.dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const file of generatedFiles()) {
  const path = join(root, file.path);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === file.content) continue;
  if (check) {
    stale++;
    console.error(`stale: grafana/${file.path}`);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    console.log(`wrote ${relative(process.cwd(), path)}`);
  }
}
if (stale > 0) {
  console.error(`${stale} generated file(s) differ: run npm run generate -w @driftwatch/grafana`);
  process.exit(1);
}
