import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './published-packages';

const README = readFileSync(join(REPOSITORY_ROOT, 'README.md'), 'utf8');

/** The README's text under a heading (`## …` or `### …`), up to the next heading of the same or a higher level. */
export function readmeSection(heading: string): string {
  const level = heading.indexOf(' ');
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const rest = README.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`\\n#{1,${level}} `));
  return next < 0 ? rest : rest.slice(0, next);
}

/** The contents of the fenced blocks of one language in a piece of Markdown, in order. */
export function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (match) => match[1] ?? '',
  );
}

/** The shell commands of a block: continuation lines joined, comments dropped, split into words. */
export function shellCommands(block: string): string[][] {
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '')
    .flatMap((line) => line.split('&&').map((command) => command.trim().split(/\s+/)));
}
