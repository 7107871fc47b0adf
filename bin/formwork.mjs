#!/usr/bin/env node
// Entry point of `npx formwork`: runs the TypeScript CLI through tsx (a dependency), so there is no build step.
import { register } from 'tsx/esm/api';
register();
await import('../engine/cli/main.ts');
