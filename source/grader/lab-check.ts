/**
 * `exolab lab check DIR`: is this a well-formed lab? The manifest validates; README.md,
 * starter/ and solution/ (each with every student file), the support files and the test
 * modules exist; every test the manifest names is defined and every test defined belongs to a
 * step; and, unless `quick`, the solution scores full marks and the starter less.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Lab, readManifest, testModules } from './labs.ts';
import { maxPoints } from './manifest.ts';
import { grade } from './runner.ts';

export interface CheckResult {
  errors: string[];
  /** One line saying what was found, when there are no errors. */
  summary: string;
}

/**
 * `mode`: 'full' grades the solution and the starter; 'quick' the solution only (to see every
 * test named is defined); 'static' looks at the files alone.
 */
export async function checkLab(
  dirArg: string,
  mode: 'full' | 'quick' | 'static' = 'full',
): Promise<CheckResult> {
  const quick = mode !== 'full';
  const dir = resolve(dirArg);
  if (!existsSync(dir)) return { errors: [`${dir}: no such folder`], summary: '' };
  const { manifest, errors } = readManifest(dir);
  if (!manifest) return { errors, summary: '' };
  const lab: Lab = { dir, id: dir.split('/').filter(Boolean).at(-1) ?? dir, manifest };
  const need = (path: string, what: string) => {
    if (!existsSync(join(dir, path))) errors.push(`${join(dir, path)}: missing (${what})`);
  };
  need('README.md', 'the story, concepts, numbered steps and hints');
  for (const folder of ['starter', 'solution']) {
    for (const f of manifest.files)
      need(join(folder, f), `the ${folder} version of a student file`);
  }
  for (const f of manifest.support) need(f, 'a support file listed in lab.json');
  const modules = testModules(lab);
  if (modules.length === 0)
    errors.push(`${join(dir, 'tests')}: no test modules (tests/*.lab.ts exporting \`tests\`)`);
  for (const m of modules)
    if (!existsSync(m)) errors.push(`${m}: missing (listed in lab.json \`tests\`)`);
  if (!/^\d\d-[a-z0-9-]+$/.test(lab.id))
    errors.push(`${dir}: a lab folder is named NN-name, like 01-secure-bindings`);
  if (errors.length > 0) return { errors, summary: '' };
  const total = maxPoints(manifest);
  const tests = manifest.steps.reduce((n, s) => n + s.tests.length, 0);
  let graded = '';
  if (mode === 'static') {
    return {
      errors,
      summary: `lab ${manifest.number} "${manifest.title}": ${manifest.steps.length} steps, ${tests} tests, ${total} points`,
    };
  }
  const solution = await grade(lab, { studentDir: join(dir, 'solution') });
  errors.push(...solution.labErrors);
  for (const step of solution.steps) {
    for (const t of step.tests) {
      if (t.message.startsWith('the lab defines no test'))
        errors.push(
          `lab.json names test "${t.name}" (step ${step.id}), but no test module defines it`,
        );
    }
  }
  if (!quick && errors.length === 0) {
    if (solution.compileErrors.length > 0)
      errors.push(...solution.compileErrors.map((e) => `solution/${e}`));
    else if (solution.score !== total) {
      const failed = solution.steps.flatMap((s) =>
        s.tests
          .filter((t) => t.status !== 'passed')
          .map((t) => `${t.name} (${t.status}: ${t.message.split('\n')[0]})`),
      );
      errors.push(
        `the solution scores ${solution.score}/${total}, not full marks; failing: ${failed.join('; ')}`,
      );
    }
    const starter = await grade(lab, { studentDir: join(dir, 'starter') });
    if (starter.compileErrors.length > 0)
      errors.push(...starter.compileErrors.map((e) => `starter/${e}`));
    else if (starter.score >= total)
      errors.push(`the starter already scores full marks (${starter.score}/${total})`);
    graded = `; solution ${solution.score}/${total}, starter ${starter.score}/${total}`;
  }
  return {
    errors,
    summary: `lab ${manifest.number} "${manifest.title}": ${manifest.steps.length} steps, ${tests} tests, ${total} points${graded}`,
  };
}
