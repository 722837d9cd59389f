/**
 * Command lines as a POSIX shell reads them: an argument quoted only when it must be, and a command
 * line written that way split back into its arguments. Used for the command every manifest records,
 * and for the command the report's explorer shows. No Node module here: the report's page uses it too.
 */

/** An argument as a POSIX shell reads it back (quoted when it must be). */
export function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/**
 * The arguments of a command line written by {@link quoteArg} (words separated by spaces, each bare
 * or in single quotes, `'\''` for a quote inside).
 */
export function splitCommand(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      current += line.slice(i + 1, end === -1 ? line.length : end);
      i = end === -1 ? line.length : end;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (c === ' ') {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) args.push(current);
  return args;
}
