/**
 * User text → an FTS5 MATCH expression that can never be a syntax error.
 *
 * Every term is emitted as an FTS5 string ("..." with inner quotes doubled), so column filters, NEAR(),
 * parentheses, ^ and bare operators in the input are just text. What we do honour, because people type it:
 *   "exact words"   → phrase
 *   invo*           → prefix (also "exact wor"*)
 *   a OR b          → either
 * AND and NOT typed in capitals are dropped (AND is what juxtaposition means anyway; NOT would surprise
 * people who paste text). A term with no letter or digit is dropped: it would match nothing.
 */

const MAX_TERMS = 32;
const MAX_INPUT = 1000;
const WORDY = /[\p{L}\p{N}]/u;

interface Term {
  text: string;
  prefix: boolean;
  or: boolean;
}

export function toFtsQuery(input: string): string {
  const s = String(input ?? '')
    .slice(0, MAX_INPUT)
    .normalize('NFC');
  const terms: Term[] = [];
  let pendingOr = false;
  const push = (raw: string, prefix: boolean, phrase: boolean): void => {
    if (!phrase && raw === 'OR') {
      pendingOr = terms.length > 0;
      return;
    }
    if (!phrase && (raw === 'AND' || raw === 'NOT')) return;
    // Stray control characters are not tokens; keep them out of the expression.
    const text = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
    if (!WORDY.test(text)) return;
    terms.push({ text, prefix, or: pendingOr });
    pendingOr = false;
  };

  let i = 0;
  while (i < s.length && terms.length < MAX_TERMS) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      // A phrase runs to the closing quote, or to the end when the user forgot it.
      const end = s.indexOf('"', i + 1);
      const body = end < 0 ? s.slice(i + 1) : s.slice(i + 1, end);
      i = end < 0 ? s.length : end + 1;
      let prefix = false;
      if (s[i] === '*') {
        prefix = true;
        i++;
      }
      push(body, prefix, true);
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j]!) && s[j] !== '"') j++;
    let word = s.slice(i, j);
    i = j;
    const prefix = /[\p{L}\p{N}]\*+$/u.test(word);
    word = word.replace(/\*+$/, '');
    push(word, prefix, false);
  }

  return terms
    .map((t, k) => {
      const q = `"${t.text.replace(/"/g, '""')}"${t.prefix ? '*' : ''}`;
      return k === 0 ? q : `${t.or ? 'OR ' : ''}${q}`;
    })
    .join(' ');
}
