/**
 * Where the CLI writes. Why its own file: everything the CLI prints passes through `out`/`err`, so
 * control characters from an untrusted file (ESC sequences that clear the screen or set the window
 * title) are escaped in one place, and the fuzzer can capture the output of in-process runs.
 */

/** Receives the CLI's text: stdout and stderr. */
export interface CliStreams {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processStreams: CliStreams = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

let streams: CliStreams = processStreams;

/** Redirects the CLI's output (the fuzzer and tests capture it); `undefined` restores the process streams. */
export function setCliStreams(next: CliStreams | undefined): void {
  streams = next ?? processStreams;
}

// C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides/isolates that reorder text.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `\x1b[2J` → `\u001b[2J`: control characters shown as escapes, never sent to the terminal. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes to stdout with control characters escaped. */
export function out(text: string): void {
  streams.stdout(escapeControl(text));
}

/** Writes to stderr with control characters escaped. */
export function err(text: string): void {
  streams.stderr(escapeControl(text));
}
