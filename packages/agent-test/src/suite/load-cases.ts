import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { TestCase } from '../types';

function fromJsonLines(text: string, file: string): unknown[] {
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line)];
    } catch (error) {
      throw new Error(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
    }
  });
}

/** Validates cases: each an object with a unique string `id` and an `input`. */
export function validateCases(cases: readonly unknown[], source: string): TestCase[] {
  const ids = new Set<string>();
  return cases.map((value, index) => {
    const record = value as Partial<TestCase> | null;
    if (typeof record !== 'object' || record === null || typeof record.id !== 'string' || record.id === '') {
      throw new Error(`${source}: case ${index + 1} has no string "id"`);
    }
    if (!('input' in record)) throw new Error(`${source}: case "${record.id}" has no "input"`);
    if (ids.has(record.id)) throw new Error(`${source}: case id "${record.id}" is used twice`);
    ids.add(record.id);
    return record as TestCase;
  });
}

/** Cases from a `.jsonl` (one per line), `.yaml`/`.yml` or `.json` file: a list, or an object with `cases`. */
export function loadCasesFile(file: string): TestCase[] {
  const text = readFileSync(file, 'utf8');
  const extension = extname(file).toLowerCase();
  const parsed: unknown =
    extension === '.jsonl' ? fromJsonLines(text, file) : extension === '.json' ? JSON.parse(text) : parseYaml(text);
  const list = Array.isArray(parsed) ? parsed : (parsed as { cases?: unknown })?.cases;
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of cases`);
  return validateCases(list, file);
}
