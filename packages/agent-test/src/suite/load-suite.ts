import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { AgentEntry, Suite, TestCase } from '../types';
import { loadCasesFile, validateCases } from './load-cases';

/** A suite ready to run: its entry point resolved and its cases loaded. */
export interface LoadedSuite {
  readonly suite: Suite;
  readonly entry: AgentEntry;
  readonly cases: readonly TestCase[];
  readonly file: string;
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/** `./agent.mjs#qualify` relative to the suite: that export (`default` without `#`). */
async function entryFromReference(reference: string, directory: string): Promise<AgentEntry> {
  const [path, exportName = 'default'] = reference.split('#') as [string, string?];
  const exported = (await importModule(resolve(directory, path)))[exportName];
  if (typeof exported !== 'function') throw new Error(`${reference}: "${exportName}" is not a function`);
  return exported as AgentEntry;
}

function suiteFrom(value: unknown, file: string): Suite {
  const suite = value as Partial<Suite> | undefined;
  if (typeof suite !== 'object' || suite === null) throw new Error(`${file}: no suite (export default a suite object)`);
  for (const field of ['name', 'model'] as const) {
    if (typeof suite[field] !== 'string' || suite[field] === '') throw new Error(`${file}: "${field}" is missing`);
  }
  if (typeof suite.agent !== 'function' && typeof suite.agent !== 'string') {
    throw new Error(`${file}: "agent" must be the entry point (input, context) => output, or "path#export"`);
  }
  if (suite.cases === undefined) throw new Error(`${file}: "cases" is missing`);
  return suite as Suite;
}

/**
 * Loads a suite: a JS/TS module (default export) or a YAML file whose `agent` is `path#export`; cases inline or
 * from a file next to it.
 */
export async function loadSuite(path: string): Promise<LoadedSuite> {
  const file = resolve(path);
  const directory = dirname(file);
  const extension = extname(file).toLowerCase();
  const raw =
    extension === '.yaml' || extension === '.yml'
      ? parseYaml(readFileSync(file, 'utf8'))
      : ((await importModule(file)).default ?? (await importModule(file)).suite);
  const suite = suiteFrom(raw, file);
  const entry = typeof suite.agent === 'function' ? suite.agent : await entryFromReference(suite.agent, directory);
  const cases =
    typeof suite.cases === 'string' ? loadCasesFile(resolve(directory, suite.cases)) : validateCases(suite.cases, file);
  if (cases.length === 0) throw new Error(`${file}: no cases`);
  return { suite, entry, cases, file };
}

/** Types a suite module's default export. */
export function defineSuite(suite: Suite): Suite {
  return suite;
}
