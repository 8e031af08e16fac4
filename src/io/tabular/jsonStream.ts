// Incremental splitting of JSON imports, so a large file never sits in memory whole: NDJSON by
// lines, and a top-level JSON array into the text of each element (each then given to JSON.parse,
// which stays the judge of what is valid JSON). Both keep the 1-based line where a record starts.

/** One record's text and the line of the file where it starts. */
export interface JsonPiece {
  text: string;
  line: number;
}

/**
 * A structural error of the array itself: not an array ('open'), a record missing between commas
 * ('record'), a missing comma ('comma'), no closing bracket ('unclosed'), text after it ('trailing').
 */
export type JsonArrayProblem = 'open' | 'record' | 'comma' | 'unclosed' | 'trailing';

export class JsonArrayError extends Error {
  constructor(
    readonly line: number,
    readonly problem: JsonArrayProblem,
    /** The character found, quoted as JSON ('' at the end of the file). */
    readonly found: string,
  ) {
    super(`line ${line}: ${problem} ${found}`);
  }
}

/** Splits NDJSON text, fed in chunks, into non-blank lines. */
export class NdjsonSplitter {
  private rest = '';
  private line = 1;

  /** Lines completed by this chunk. */
  push(chunk: string, out: JsonPiece[]): void {
    let text = this.rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.emit(text.slice(start, nl), out);
      start = nl + 1;
    }
    this.rest = start === 0 ? text : text.slice(start);
    text = '';
  }

  /** The last line, when the file does not end with a newline. */
  end(out: JsonPiece[]): void {
    if (this.rest !== '') this.emit(this.rest, out);
    this.rest = '';
  }

  private emit(raw: string, out: JsonPiece[]): void {
    const line = this.line++;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (text.trim() !== '') out.push({ text, line });
  }
}

enum Phase {
  /** Before the opening '['. */
  Open,
  /** After '[': an element or ']'. */
  First,
  /** After ',': an element. */
  Next,
  /** Inside an element. */
  Element,
  /** After an element: ',' or ']'. */
  After,
  /** After the closing ']': only whitespace. */
  Done,
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;


/**
 * Splits a top-level JSON array, fed in chunks, into the text of its elements. Throws
 * JsonArrayError for a file that is not an array, a missing comma, text after the closing bracket
 * or an array that is never closed. Does not validate inside elements: JSON.parse does.
 */
export class JsonArraySplitter {
  private buf = '';
  private pos = 0;
  private phase = Phase.Open;
  private line = 1;
  /** Element state. */
  private start = 0;
  private startLine = 0;
  private depth = 0;
  private inString = false;
  private kind: 'container' | 'string' | 'scalar' = 'container';

  /** True once the first non-blank character was '[' (a '{' file is an object, not an array). */
  get sawArray(): boolean {
    return this.phase !== Phase.Open;
  }

  push(chunk: string, out: JsonPiece[]): void {
    this.buf += chunk;
    this.scan(out, false);
    // Keep only what an unfinished element still needs.
    const keep = this.phase === Phase.Element ? this.start : this.pos;
    if (keep > 0) {
      this.buf = this.buf.slice(keep);
      this.pos -= keep;
      this.start -= keep;
    }
  }

  end(out: JsonPiece[]): void {
    this.scan(out, true);
    if (this.phase !== Phase.Done) throw new JsonArrayError(this.line, this.phase === Phase.Open ? 'open' : 'unclosed', '');
  }

  private element(end: number, out: JsonPiece[]): void {
    out.push({ text: this.buf.slice(this.start, end), line: this.startLine });
    this.phase = Phase.After;
  }

  private scan(out: JsonPiece[], final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let i = this.pos;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.phase === Phase.Element) {
        if (this.inString) {
          // Jump to the next quote not escaped by an odd run of backslashes.
          let q = s.indexOf('"', i);
          while (q !== -1) {
            let b = q - 1;
            while (b >= 0 && s.charCodeAt(b) === 92) b--;
            if ((q - 1 - b) % 2 === 0) break;
            q = s.indexOf('"', q + 1);
          }
          if (q === -1) {
            i = n;
            break;
          }
          i = q + 1;
          this.inString = false;
          if (this.kind === 'string') this.element(i, out);
          continue;
        }
        if (this.kind === 'scalar') {
          if (c === 44 || c === 93 || isSpace(c)) {
            this.element(i, out);
            continue; // the same character again, in Phase.After
          }
          i++;
          continue;
        }
        if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.depth++;
        else if (c === 125 || c === 93) {
          if (--this.depth === 0) {
            i++;
            this.element(i, out);
            continue;
          }
        } else if (c === 10) this.line++;
        i++;
        continue;
      }
      if (c === 10) {
        this.line++;
        i++;
        continue;
      }
      if (isSpace(c) || (c === 0xfeff && this.phase === Phase.Open)) {
        i++;
        continue;
      }
      switch (this.phase) {
        case Phase.Open:
          if (c !== 91) throw new JsonArrayError(this.line, 'open', JSON.stringify(s[i]));
          this.phase = Phase.First;
          break;
        case Phase.First:
        case Phase.Next:
          if (c === 93 && this.phase === Phase.First) {
            this.phase = Phase.Done;
            break;
          }
          if (c === 44 || c === 93) throw new JsonArrayError(this.line, 'record', JSON.stringify(s[i]));
          this.phase = Phase.Element;
          this.start = i;
          this.startLine = this.line;
          this.inString = c === 34;
          this.kind = c === 123 || c === 91 ? 'container' : c === 34 ? 'string' : 'scalar';
          this.depth = this.kind === 'container' ? 1 : 0;
          break;
        case Phase.After:
          if (c === 44) this.phase = Phase.Next;
          else if (c === 93) this.phase = Phase.Done;
          else throw new JsonArrayError(this.line, 'comma', JSON.stringify(s[i]));
          break;
        case Phase.Done:
          throw new JsonArrayError(this.line, 'trailing', JSON.stringify(s[i]));
      }
      i++;
    }
    this.pos = i;
    if (final && this.phase === Phase.Element && this.kind === 'scalar') this.element(n, out);
  }
}
