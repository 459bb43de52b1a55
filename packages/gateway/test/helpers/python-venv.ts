import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PYTHON_AGENT_DIR = join(__dirname, '..', '..', '..', '..', 'examples', 'python-agent');

/**
 * The Python interpreter of the venv `.ci/run` installs the example agent's pinned requirements into:
 * `DRIFTWATCH_PYTHON_VENV`, else `$DRIFTWATCH_CACHE_DIR/python-gateway-<key>` (default cache `~/.cache/driftwatch`),
 * the key being the first 12 hex digits of the SHA-256 of requirements.txt followed by constraints.txt.
 * Undefined when it is not installed (with the reason).
 */
export function pythonOfVenv(): { python: string } | { missing: string } {
  const key = createHash('sha256')
    .update(readFileSync(join(PYTHON_AGENT_DIR, 'requirements.txt')))
    .update(readFileSync(join(PYTHON_AGENT_DIR, 'constraints.txt')))
    .digest('hex')
    .slice(0, 12);
  const cache = process.env.DRIFTWATCH_CACHE_DIR ?? join(homedir(), '.cache', 'driftwatch');
  const venv = process.env.DRIFTWATCH_PYTHON_VENV ?? join(cache, `python-gateway-${key}`);
  const python = join(venv, 'bin', 'python');
  if (existsSync(join(venv, '.complete')) && existsSync(python)) return { python };
  return { missing: `no Python venv at ${venv} (run .ci/run, or set DRIFTWATCH_PYTHON_VENV)` };
}
