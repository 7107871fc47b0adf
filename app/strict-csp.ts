/**
 * Imported first by the entry point: tells zod not to probe for `new Function` (its JIT), which
 * the editor's Content Security Policy forbids — the probe is caught, but the browser still
 * reports a policy violation. Validation works the same without the JIT.
 */
import { config } from 'zod';

config({ jitless: true });
