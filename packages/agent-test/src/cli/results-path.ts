import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';

function canonical(path: string): string {
  const absolute = resolve(path);
  return existsSync(absolute) ? realpathSync(absolute) : absolute;
}

/**
 * Where a run writes its results: `requested`, unless that is the file given as `--baseline` (the default
 * `--json` is the default baseline's name), which is never overwritten by the run compared against it. The
 * candidate then goes beside it, `<name>.candidate.json`, so a second upgrade run still diffs against the known-good
 * baseline. `beside` says so, for the one line the CLI prints.
 */
export function resultsPath(requested: string, baseline: string | undefined): { path: string; beside?: string } {
  if (baseline === undefined || canonical(requested) !== canonical(baseline)) return { path: requested };
  const extension = extname(requested);
  const name = `${basename(requested, extension)}.candidate${extension || '.json'}`;
  return { path: join(dirname(requested), name), beside: baseline };
}
