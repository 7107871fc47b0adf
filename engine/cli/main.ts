/**
 * `npx formwork <command>`: validate, inspect and run graph files from the shell (see cli.ts).
 */
import { runCli } from './cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
