/**
 * The element layout of an IntervalReading, learnt from one reading the streaming reader took through saxes
 * and the schema checks without a problem, and the scan that checks a later reading against it straight in
 * the input text.
 *
 * A read-out repeats one layout ~140,000 times: the same children in the same order, only the values differ.
 * The scan accepts a reading only in a form whose meaning is plain: start and end tags exactly as in the
 * learnt reading (`<qname>`, `</qname>`, no attributes), only spaces, tabs and line ends between them, and leaf
 * texts of printable ASCII without `<`, `&` or `>` (nothing to decode, nothing to trim, no `]]>`). Such text is
 * well-formed XML, and the schema checks of the learnt reading hold for it as they held for the learnt one.
 * Anything else, or a reading cut by the end of the parser's chunk, makes the scan fail without side effects,
 * and the reader takes that reading through saxes as usual.
 */
import type { ChildDef } from './schema';

/** Steps of a layout. */
export const STEP_LEAF = 0;
export const STEP_OPEN = 1;
export const STEP_CLOSE = 2;

export class ReadingLayout {
  /** The reading's own qualified name, as written in this file. */
  readingQname = '';
  /** Per step: STEP_LEAF (a leaf element with its text), STEP_OPEN / STEP_CLOSE (a complex child). */
  readonly kinds: number[] = [];
  readonly qnames: string[] = [];
  readonly defs: ChildDef[] = [];
  /** Key of the element the step's element sits in (what the model's storeValue is given). */
  readonly parentKeys: string[] = [];
  /** Number of leaf steps. */
  leaves = 0;
  /** Elements inside the reading (for the element limit). */
  elements = 0;
  /** Deepest child, relative to the reading (for the depth limit). */
  depth = 0;
  /** Position in the reading's sequence of its last child (what the reading's close checks from). */
  lastSeqPos = -1;
  /** False once something the scan cannot reproduce happened in the learnt reading. */
  usable = true;

  private readonly openDefs: ChildDef[] = [];

  /** A leaf child (at `relativeDepth` below the reading) in the reading being learnt. */
  leaf(qname: string, def: ChildDef, parentKey: string, relativeDepth: number): void {
    this.add(STEP_LEAF, qname, def, parentKey, relativeDepth);
    this.leaves++;
  }

  /** A complex child opened. */
  open(qname: string, def: ChildDef, parentKey: string, relativeDepth: number): void {
    this.add(STEP_OPEN, qname, def, parentKey, relativeDepth);
    this.openDefs.push(def);
  }

  /** The complex child opened last closed. */
  close(qname: string, parentKey: string): void {
    const def = this.openDefs.pop();
    if (def) this.add(STEP_CLOSE, qname, def, parentKey, 0);
    else this.usable = false;
  }

  private add(kind: number, qname: string, def: ChildDef, parentKey: string, relativeDepth: number): void {
    this.kinds.push(kind);
    this.qnames.push(qname);
    this.defs.push(def);
    this.parentKeys.push(parentKey);
    if (kind !== STEP_CLOSE) this.elements++;
    if (relativeDepth > this.depth) this.depth = relativeDepth;
  }
}

/**
 * Scans one reading against a layout. After a successful `scan`, `spans` holds the start and end of each
 * leaf's text, and `newlines` / `lineStart` the line ends passed and where the last line starts.
 */
export class ReadingScanner {
  spans = new Int32Array(64);
  newlines = 0;
  lineStart = 0;

  /**
   * Checks `chunk` from `at` (just after the reading's start tag) against `layout`, up to the reading's end
   * tag, which must lie in the chunk too. Returns the index of that end tag's `<`, or -1.
   */
  scan(chunk: string, at: number, layout: ReadingLayout): number {
    if (this.spans.length < 2 * layout.leaves) this.spans = new Int32Array(2 * layout.leaves);
    const spans = this.spans;
    const { kinds, qnames } = layout;
    const n = chunk.length;
    let p = at;
    this.newlines = 0;
    this.lineStart = -1;
    let leaf = 0;
    for (let s = 0; s < kinds.length; s++) {
      p = this.skipSpace(chunk, p, n);
      const qname = qnames[s]!;
      const kind = kinds[s]!;
      if (kind === STEP_CLOSE) {
        if (!endTagAt(chunk, p, n, qname)) return -1;
        p += qname.length + 3;
        continue;
      }
      if (!startTagAt(chunk, p, n, qname)) return -1;
      p += qname.length + 2;
      if (kind === STEP_OPEN) continue;
      // a leaf's text: printable ASCII without markup, up to its end tag
      const from = p;
      let c = 0;
      while (p < n) {
        c = chunk.charCodeAt(p);
        if (c <= 32 || c >= 127 || c === 60 || c === 38 || c === 62) break;
        p++;
      }
      if (p === from || c !== 60 || !endTagAt(chunk, p, n, qname)) return -1;
      spans[leaf++] = from;
      spans[leaf++] = p;
      p += qname.length + 3;
    }
    p = this.skipSpace(chunk, p, n);
    return endTagAt(chunk, p, n, layout.readingQname) ? p : -1;
  }

  /** Skips spaces, tabs and line ends (CR LF, LF or CR, counted as the parser counts them). */
  private skipSpace(chunk: string, from: number, n: number): number {
    let p = from;
    while (p < n) {
      const c = chunk.charCodeAt(p);
      if (c === 32 || c === 9) p++;
      else if (c === 10) {
        this.newlines++;
        this.lineStart = ++p;
      } else if (c === 13) {
        this.newlines++;
        p++;
        if (p < n && chunk.charCodeAt(p) === 10) p++;
        this.lineStart = p;
      } else break;
    }
    return p;
  }
}

/** `<name>` at p, wholly before n. */
function startTagAt(chunk: string, p: number, n: number, name: string): boolean {
  const length = name.length;
  if (p + length + 2 > n || chunk.charCodeAt(p) !== 60 || chunk.charCodeAt(p + 1 + length) !== 62) return false;
  for (let k = 0; k < length; k++) if (chunk.charCodeAt(p + 1 + k) !== name.charCodeAt(k)) return false;
  return true;
}

/** `</name>` at p, wholly before n. */
function endTagAt(chunk: string, p: number, n: number, name: string): boolean {
  const length = name.length;
  if (p + length + 3 > n || chunk.charCodeAt(p) !== 60 || chunk.charCodeAt(p + 1) !== 47 || chunk.charCodeAt(p + 2 + length) !== 62) return false;
  for (let k = 0; k < length; k++) if (chunk.charCodeAt(p + 2 + k) !== name.charCodeAt(k)) return false;
  return true;
}
