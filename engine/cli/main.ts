/**
 * `npx formwork <command>`: validate, inspect and run graph files from the shell.
 * Bad files exit 1 with coded diagnostics; wrong usage exits 2 with the usage line.
 */
import { parseArgs } from 'node:util';
import type { Command } from './command.ts';
import { diff } from './commands/diff.ts';
import { generate } from './commands/generate.ts';
import { exportCommand } from './commands/export.ts';
import { fit } from './commands/fit.ts';
import { inspect } from './commands/inspect.ts';
import { run } from './commands/run.ts';
import { tokenize } from './commands/tokenize.ts';
import { train } from './commands/train.ts';
import { UsageError, validate } from './commands/validate.ts';

const COMMANDS: readonly Command[] = [validate, inspect, run, generate, exportCommand, tokenize, fit, train, diff];

function help(): string {
  const lines = ['usage: formwork <command> …', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  return lines.join('\n') + '\n';
}

function commandHelp(c: Command): string {
  const lines = [`usage: formwork ${c.usage}`, '', c.summary, ''];
  for (const [name, o] of Object.entries(c.options))
    lines.push(`  ${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' VALUE' : ''}  ${o.help}`);
  return lines.join('\n') + '\n';
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`formwork: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    return await command.run(positionals, values);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`formwork ${name}: ${(e as Error).message}\n\n${commandHelp(command)}`);
      return 2;
    }
    process.stderr.write(`FW099 error: internal error in 'formwork ${name}': ${(e as Error).stack ?? String(e)}\n(this is a bug in Formwork; please report it with the file)\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
