/** `exolab bench server`: parses --sessions and prints the table (server.ts measures). */
import { CliFailure, UsageError } from '../cli/usage-error.ts';
import { benchServer, formatServerBench, SERVER_BENCH_HEAD } from './server.ts';

export async function benchServerCommand(
  sessions: string | undefined,
  seconds: number,
  json: boolean,
): Promise<number> {
  const counts = (sessions ?? '10,25,50,100').split(',').map((t) => Number(t.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) {
    throw new UsageError(
      `--sessions \`${sessions}\` must be whole numbers from 1 to 1000 separated by commas, e.g. 10,25,50`,
    );
  }
  if (!json) process.stdout.write(`${SERVER_BENCH_HEAD}\n`);
  try {
    const result = await benchServer(counts, seconds, (line) => {
      if (!json) process.stdout.write(`${line}\n`);
    });
    process.stdout.write(
      json
        ? `${JSON.stringify({ benchmark: 'server', seconds, node: process.version, result }, null, 2)}\n`
        : `${formatServerBench(result)
            .split('\n')
            .slice(1 + result.steps.length)
            .join('\n')}\n`,
    );
  } catch (error) {
    throw new CliFailure(error instanceof Error ? error.message : String(error));
  }
  return 0;
}
