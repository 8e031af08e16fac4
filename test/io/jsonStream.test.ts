import { describe, expect, it } from 'vitest';
import { JsonArrayError, JsonArraySplitter, NdjsonSplitter, type JsonPiece } from '../../src/io/tabular/jsonStream.js';

function pieces(splitter: JsonArraySplitter | NdjsonSplitter, text: string, size: number): JsonPiece[] {
  const out: JsonPiece[] = [];
  for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size), out);
  splitter.end(out);
  return out;
}

const ARRAY = '\uFEFF[\n {"a": "x,]}\\"y", "b": [1, {"c": "[{"}]},\n  "str\\\\",\n 12 , true,null,\n{"n":"\\\\\\"", "z": "王小明"}\n]\n';

describe('JSON array splitter', () => {
  it('gives the same records and start lines whatever the chunk size (quotes, escapes, brackets in strings)', () => {
    const expected = [
      { text: '{"a": "x,]}\\"y", "b": [1, {"c": "[{"}]}', line: 2 },
      { text: '"str\\\\"', line: 3 },
      { text: '12', line: 4 },
      { text: 'true', line: 4 },
      { text: 'null', line: 4 },
      { text: '{"n":"\\\\\\"", "z": "王小明"}', line: 5 },
    ];
    for (const size of [1, 2, 3, 5, 8, 13, 1000]) expect(pieces(new JsonArraySplitter(), ARRAY, size), `chunk ${size}`).toEqual(expected);
    expect(JSON.parse(expected[0].text)).toEqual({ a: 'x,]}"y', b: [1, { c: '[{' }] });
  });

  it('empty arrays are fine', () => {
    expect(pieces(new JsonArraySplitter(), '[]', 1)).toEqual([]);
    expect(pieces(new JsonArraySplitter(), ' [\n ]\n', 2)).toEqual([]);
  });

  it.each([
    ['{"a":1}', 'open', 1, '"{"'],
    ['   ', 'open', 1, ''],
    ['[{"a":1}\n {"b":2}]', 'comma', 2, '"{"'],
    ['[{"a":1},\n]', 'record', 2, '"]"'],
    ['[,{"a":1}]', 'record', 1, '","'],
    ['[{"a":1},\n{"b":2}', 'unclosed', 2, ''],
    ['[{"a":1}]\n\nx', 'trailing', 3, '"x"'],
  ])('%j → %s at line %i', (text, problem, line, found) => {
    for (const size of [1, 4, 100]) {
      let err: unknown;
      try {
        pieces(new JsonArraySplitter(), text, size);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(JsonArrayError);
      expect(err).toMatchObject({ problem, line, found });
    }
  });
});

describe('NDJSON splitter', () => {
  it('non-blank lines with their numbers; CRLF; a last line without newline; lines split across chunks', () => {
    const text = '{"a":1}\r\n\n  \n{"b":"x\\ny"}\n{"c":3}';
    for (const size of [1, 3, 7, 100]) {
      expect(pieces(new NdjsonSplitter(), text, size)).toEqual([
        { text: '{"a":1}', line: 1 },
        { text: '{"b":"x\\ny"}', line: 4 },
        { text: '{"c":3}', line: 5 },
      ]);
    }
  });
});
