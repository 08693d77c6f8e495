/**
 * Every command of the language, in the order `help` lists them: kernel calls (from the kernel's
 * own table), environments, inspection, execution, the lab commands and the session's own.
 */
import type { Command } from '../command.ts';
import { environmentCommands } from './environments.ts';
import { executeCommands } from './execute.ts';
import { sessionCommands } from './help.ts';
import { inspectCommands } from './inspect.ts';
import { kernelActionCommands } from './kernel-actions.ts';
import { kernelCallCommands } from './kernel-calls.ts';
import { labCommands } from './lab.ts';
import { networkCommands } from './network.ts';
import { timelineCommands } from './timeline.ts';

export function allCommands(): Command[] {
  return [
    ...kernelCallCommands(),
    ...kernelActionCommands,
    ...environmentCommands,
    ...networkCommands,
    ...inspectCommands,
    ...executeCommands,
    ...timelineCommands,
    ...labCommands,
    ...sessionCommands,
  ];
}
