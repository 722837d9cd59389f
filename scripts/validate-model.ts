/** `npm run validate-model`: the stylized facts at the brief's scale (src/validation/command.ts). */
import { validateModelCommand } from '../src/validation/command.js';

process.exitCode = await validateModelCommand(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
