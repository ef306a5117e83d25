// Splits a timeline line into words the way a POSIX shell does (quotes, backslash escapes,
// `#` comments), without any expansion. Shell syntax that would run something else — pipes,
// `&&`, `;`, redirections, `$VAR`, `$(…)`, backticks — is an error: one action, one command.

import { CommandError } from './errors.js';

export interface Word {
  text: string;
  /** 0-based offset of the word's first character in the line. */
  start: number;
}

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`']);

function operatorError(line: string, i: number): CommandError {
  const c = line[i]!;
  const what = c === '`' ? 'command substitution (`...`)' : c === '(' || c === ')' ? 'subshells' : `the shell operator "${c}"`;
  return new CommandError(
    `${what} is not supported: a timeline action is one command (quote the character if it is part of an argument)`,
    i,
  );
}

function dollarError(i: number): CommandError {
  return new CommandError('shell expansion ("$...") is not supported in timeline commands; write the value out, or single-quote it', i);
}

export function tokenize(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '\\' && line[i + 1] === '\n') { i += 2; continue; } // line continuation
    if (c === '#') break; // a comment runs to the end of the line
    const start = i;
    let text = '';
    while (i < n) {
      const ch = line[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') break;
      if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new CommandError('unterminated single quote', i);
        text += line.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        const open = i;
        i++;
        for (;;) {
          if (i >= n) throw new CommandError('unterminated double quote', open);
          const d = line[i]!;
          if (d === '"') { i++; break; }
          if (d === '\\' && i + 1 < n && '\\"$`\n'.includes(line[i + 1]!)) {
            if (line[i + 1] !== '\n') text += line[i + 1];
            i += 2;
            continue;
          }
          if (d === '$' && i + 1 < n && /[A-Za-z_{(0-9@*#?$!-]/.test(line[i + 1]!)) throw dollarError(i);
          if (d === '`') throw operatorError(line, i);
          text += d;
          i++;
        }
      } else if (ch === '\\') {
        if (i + 1 >= n) throw new CommandError('a backslash at the end of the line escapes nothing', i);
        if (line[i + 1] !== '\n') text += line[i + 1];
        i += 2;
      } else if (OPERATORS.has(ch)) {
        throw operatorError(line, i);
      } else if (ch === '$' && i + 1 < n && /[A-Za-z_{(0-9@*#?$!-]/.test(line[i + 1]!)) {
        throw dollarError(i);
      } else {
        text += ch;
        i++;
      }
    }
    words.push({ text, start });
  }
  return words;
}
