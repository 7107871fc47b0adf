/**
 * The shape of a CLI command: parsed options in, exit code out. Commands print results on stdout
 * and diagnostics on stderr; bad input gives exit code 1, never a stack trace.
 */
export interface CommandOption {
  readonly type: 'string' | 'boolean';
  readonly help: string;
  readonly multiple?: boolean;
  /** One-letter alias, e.g. `o` for `-o`. */
  readonly short?: string;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** e.g. `validate FILE [--json]` */
  readonly usage: string;
  readonly options: Readonly<Record<string, CommandOption>>;
  run(positionals: readonly string[], options: Readonly<Record<string, string | boolean | Array<string | boolean> | undefined>>): Promise<number>;
}
