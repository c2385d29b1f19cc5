/**
 * Turns a `--cmd` string into argv without a shell: nothing is expanded or substituted, so
 * the string runs exactly one program. Quoting follows the shell's basic rules so that
 * paths with spaces can be written naturally: '...' is literal, "..." allows \" and \\,
 * and a backslash outside quotes escapes the next character.
 */

export function parseCommand(command: string): string[] {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const char = command[i]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && (command[i + 1] === '"' || command[i + 1] === '\\')) word += command[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\') {
      if (i + 1 === command.length) throw new Error(`--cmd ends with a lone backslash: ${command}`);
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new Error(`--cmd has an unterminated ${quote} quote: ${command}`);
  if (inWord) argv.push(word);
  if (argv.length === 0) throw new Error('--cmd is empty: give the program to run and its arguments');
  return argv;
}

/** How a command is shown in messages: argv joined, quoting words that need it. */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}
