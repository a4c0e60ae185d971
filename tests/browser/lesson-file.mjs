// Reads a lesson file's steps the way the tests need them: each step's race id and the SQL of its
// Starter and Solution blocks, straight from lessons/*.md, so a test follows the lesson as written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

function blockAfter(section, heading) {
  const at = section.search(new RegExp(`^### ${heading}\\s*$`, 'm'));
  if (at < 0) return null;
  const fence = /```[a-z]*\n([\s\S]*?)```/.exec(section.slice(at));
  return fence ? fence[1].trimEnd() : null;
}

export function lessonSteps(fileName) {
  const path = join(ROOT, 'lessons', fileName);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  return text.split(/^## Step: /m).slice(1).map((section) => ({
    title: section.slice(0, section.indexOf('\n')).trim(),
    race: /^### Race: (\S+)/m.exec(section)?.[1] ?? null,
    orm: /^### ORM: /m.test(section),
    accident: /^### Accident\s*$/m.test(section),
    starter: blockAfter(section, 'Starter'),
    solution: blockAfter(section, 'Solution'),
  }));
}
