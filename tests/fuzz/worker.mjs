// Loads the TypeScript fuzz worker through tsx (a dependency), as bin/formwork.mjs does for the CLI.
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
