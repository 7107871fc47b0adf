/**
 * `formwork <command>` as a function: argv in, exit code out, text through terminal.ts. Why apart from
 * main.ts: the fuzzer and tests call exactly what the shell calls, in-process.
 *
 * Exit codes: 0 done, 1 bad input (coded diagnostics on stderr), 2 wrong usage. An unexpected exception is
 * an internal error: one line naming the command and where to report it, the stack only with `--debug`.
 */
import { parseArgs } from 'node:util';
import type { Command } from './command.ts';
import { generate } from './commands/generate.ts';
import { exportCommand } from './commands/export.ts';
import { fit } from './commands/fit.ts';
import { inspect } from './commands/inspect.ts';
import { run } from './commands/run.ts';
import { tokenize } from './commands/tokenize.ts';
import { train } from './commands/train.ts';
import { diff } from './commands/diff.ts';
import { UsageError, validate } from './commands/validate.ts';
import * as terminal from './terminal.ts';

/** Every command, in the order `formwork --help` lists them. */
export const COMMANDS: readonly Command[] = [validate, inspect, run, generate, exportCommand, tokenize, fit, train, diff];

/** Where to report internal errors. */
export const REPORT_BUGS = 'this is a bug in Formwork: please report it with the file that caused it to the Formwork issue tracker';

function help(): string {
  const lines = ['usage: formwork [--debug] <command> …', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  lines.push('', '--debug prints the stack of an internal error');
  return lines.join('\n') + '\n';
}

function commandHelp(c: Command): string {
  const lines = [`usage: formwork ${c.usage}`, '', c.summary, ''];
  for (const [name, o] of Object.entries(c.options))
    lines.push(`  ${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' VALUE' : ''}  ${o.help}`);
  return lines.join('\n') + '\n';
}

/** Runs one CLI invocation (`argv` without `node` and the script) over `commands`. Never throws. */
export async function runCli(argv: readonly string[], commands: readonly Command[] = COMMANDS): Promise<number> {
  const debugFirst = argv[0] === '--debug';
  const [name, ...rest] = debugFirst ? argv.slice(1) : argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    terminal.out(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    terminal.err(`formwork: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    terminal.out(commandHelp(command));
    return 0;
  }
  // `--debug` is the command's own option where it has one (export), and otherwise only asks for stacks.
  const ownDebug = Object.hasOwn(command.options, 'debug');
  const debug = debugFirst || rest.includes('--debug');
  const args = ownDebug ? rest : rest.filter((a) => a !== '--debug');
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: command.options, allowPositionals: true, strict: true });
    return await command.run(positionals, values);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string } | null)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      terminal.err(`formwork ${name}: ${(e as Error).message}\n\n${commandHelp(command)}`);
      return 2;
    }
    const detail = debug ? `\n${(e as Error | null)?.stack ?? String(e)}` : ' (run again with --debug for details)';
    terminal.err(`FW099 error: internal error in 'formwork ${name}'${detail}\n(${REPORT_BUGS})\n`);
    return 1;
  }
}
