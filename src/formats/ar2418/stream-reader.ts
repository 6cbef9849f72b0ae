/**
 * The streaming AR 2418-6 reader (saxes): bytes in, `Ar2418Document` plus problems with locations out. No DOM
 * is built; the model is filled while the parser walks the file and the element order, occurrence and leaf
 * types are checked against `SCHEMA` on the way. Any DOCTYPE is rejected; size, depth, text length and element
 * count are limited; malformed input ends the read with a problem, never with an exception.
 *
 * This file feeds saxes, keeps the element stack (positions, namespaces, schema order) and cuts leaf text
 * out of the input; what the elements become is stream-reader-model.ts, the general text-to-value path
 * stream-reader-values.ts, the fatal problems stream-reader-problems.ts.
 *
 * Readings: the first one (and any that differs) goes through saxes while its element layout is learnt; the
 * next ones are checked against that layout straight in the text (reading-layout.ts) and their values stored
 * as saxes would have stored them, and the parser moves on to the reading's end tag. A reading the scan does
 * not take in full goes through saxes as well. Most of a read-out is readings, so most of it is read in one
 * tight pass instead of saxes' per-character state machine.
 */
import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';
import { hasErrors, problem, type Problem, type Severity, type SourceLocation } from '../../model/problems';
import { NS_AR, NS_ATOM, NS_ESPI, SCHEMA, SLOT, type ChildDef, type ParentDef } from './schema';
import { parseXsdDateTimeAt } from './datetime';
import { SourceLocations } from './source-locations';
import { DEFAULT_READ_LIMITS, type Ar2418ReadResult, type ReadLimits, type ReadOptions } from './read-options';
import { internalProblem, sizeProblem } from './read-problems';
import { originalInMemory, type OriginalBytes } from '../../platform/original-bytes';
import { detectEncoding, flat, integerAt, isFnnText, sameText } from './text-scan';
import { isHex } from './hex';
import { ReadingLayout, ReadingScanner, STEP_CLOSE, STEP_LEAF, STEP_OPEN } from './reading-layout';
import { DocumentBuilder } from './stream-reader-model';
import {
  depthProblem,
  doctypeProblem,
  elementCountProblem,
  encodingProblem,
  namespacePrefixProblem,
  noDocumentProblem,
  rootProblem,
  textTooLongProblem,
  xmlErrorProblem,
  type ReportSink,
} from './stream-reader-problems';
import { decodeLeafText, leafValue } from './stream-reader-values';

/** Thrown inside saxes handlers to end the parse. */
class StopRead extends Error {}

/**
 * The saxes internals the reader reads (and, past a scanned reading, moves on): not public API, so package.json
 * pins saxes exactly and saxes-internals.test.ts checks them.
 */
interface SaxesInternals {
  /** The text of the current write. */
  chunk: string;
  /** Index in `chunk` of the next character the parser reads. */
  i: number;
  /** Position of `chunk` in the whole text. */
  chunkPosition: number;
  /** Position in the whole text just after the last line end. */
  positionAtNewLine: number;
  line: number;
  column: number;
}

const READING = SCHEMA.get('IntervalReading');

/** Tuning of the reader, for tests that compare its paths. */
export interface ReaderTuning {
  /** Check readings against the layout of an earlier one straight in the text (reading-layout.ts); default true. */
  scanReadings?: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Bytes decoded into one string for the parser. Node's TextDecoder returns a text of more than ~1 MB
 * (1,031,912 bytes) as an external UTF-16 string: twice the bytes, outside the heap, freed only by a full
 * GC, and every copy sliced out of it is two bytes per character as well. Smaller pieces stay one-byte
 * strings in the young generation and die there.
 */
export const TEXT_CHUNK = 64 * 1024;

/**
 * Incremental reader: `write` chunks of bytes, then `end` with the original bytes (in memory or a file handle).
 * `stopped` turns true after a fatal problem; further chunks are ignored.
 */
export class Ar2418StreamReader implements ReportSink {
  stopped = false;
  /** Readings read by the scan against an earlier reading's layout (the rest went through saxes): for tests and benches. */
  scannedReadings = 0;
  private readonly limits: ReadLimits;
  private readonly problems: Problem[] = [];
  private readonly locations = new SourceLocations();
  private readonly parser: SaxesParser;
  private decoder: TextDecoder | undefined;
  private asciiSoFar = false;
  private byteChunk: Buffer | undefined;
  private byteChunkStart = 0;
  private byteOffsetOfText = 0;
  private bytesSeen = 0;
  private fatal = false;

  // element stack (parallel arrays, index = depth, root at 1)
  private depth = 0;
  private readonly keys: string[] = [''];
  /** @internal ElementStarts of the model builder */
  readonly lines: number[] = [0];
  /** @internal */
  readonly columns: number[] = [0];
  /** @internal */
  readonly ordinals: number[] = [0];
  private readonly lastChildKey: string[] = [''];
  private readonly seqPos: number[] = [-1];
  private readonly isLeaf: boolean[] = [false];
  private readonly leafDefs: (ChildDef | undefined)[] = [undefined];
  /** Per depth: qualified name → schema entry of the children of that element (null: unknown). */
  private readonly childCaches: (Map<string, ChildDef | null> | undefined)[] = [undefined];
  private readonly childCacheByParent = new Map<ParentDef, Map<string, ChildDef | null>>();
  /** Per schema entry: the qualified name seen for each of its children (prefixes as in this file). */
  private readonly seenQnames = new Map<ParentDef, (string | undefined)[]>();
  /** Per depth: schema entry of the open complex element. */
  private readonly parentDefs: (ParentDef | undefined)[] = [undefined];
  private skipDepth = 0;
  private elementCount = 0;
  private pendingLine = 0;
  private pendingColumn = 0;
  /** Index in the parser's current chunk where the open leaf's text starts. */
  private leafStart = 0;
  /** Text of the open leaf from earlier chunks. */
  private leafCarry = '';
  private leafSelfClosing = false;

  // namespaces
  private bindings: Record<string, string | undefined> = { xml: 'http://www.w3.org/XML/1998/namespace' };
  private readonly bindingStack: { depth: number; saved: Record<string, string | undefined> }[] = [];
  private readonly keyCache = new Map<string, string>();
  private readonly pendingBindings: [string, string][] = [];

  private readonly reportedOnce = new Set<string>();

  // readings checked against the layout of an earlier one (reading-layout.ts)
  private readonly scanReadings: boolean;
  /** The layout later readings are checked against. */
  private layout: ReadingLayout | undefined;
  /** The layout being learnt from the reading open at `learningDepth`. */
  private learning: ReadingLayout | undefined;
  private learningDepth = 0;
  private learningProblems = 0;
  private readonly scanner = new ReadingScanner();
  private readonly leafValues: (number | string)[] = [];
  /** What the elements become. */
  private readonly model: DocumentBuilder;

  constructor(options: ReadOptions = {}, tuning: ReaderTuning = {}) {
    this.limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
    this.scanReadings = tuning.scanReadings ?? true;
    this.model = new DocumentBuilder(this, this.locations, this);
    const parser = new SaxesParser({ xmlns: false, position: true });
    this.parser = parser;
    parser.on('doctype', () => this.onDoctype());
    // No text handler: saxes then skips building text for the whitespace between elements (most of a
    // read-out); the text of leaf elements is sliced from the input chunk instead (see closeLeafText).
    // namespace declarations come as attribute events (rare), so opentag need not look at attributes
    parser.on('attribute', (attr) => {
      if (attr.name === 'xmlns' || attr.name.startsWith('xmlns:')) this.pendingBindings.push([attr.name === 'xmlns' ? '' : attr.name.slice(6), attr.value]);
    });
    parser.on('opentag', (node) => this.onOpen(node.name, node.isSelfClosing));
    parser.on('closetag', (node) => this.onClose(node.name));
    parser.on('error', (error) => this.onXmlError(error));
  }

  /** Ends with a single fatal problem (I/O, size), without parsing. */
  failWith(p: Problem): Ar2418ReadResult {
    this.problems.push(p);
    return { original: originalInMemory(new Uint8Array(0)), problems: this.problems, locations: this.locations, ok: false };
  }

  write(chunk: Uint8Array): void {
    if (this.stopped) return;
    this.bytesSeen += chunk.length;
    if (this.bytesSeen > this.limits.maxBytes) {
      this.stopWith(sizeProblem(this.bytesSeen, this.limits.maxBytes));
      return;
    }
    let bytes = chunk;
    if (!this.decoder) {
      const encoding = detectEncoding(chunk);
      this.decoder = new TextDecoder(encoding, { fatal: true });
      this.asciiSoFar = encoding === 'utf-8';
      if (chunk[0] === UTF8_BOM[0] && chunk[1] === UTF8_BOM[1] && chunk[2] === UTF8_BOM[2]) {
        bytes = chunk.subarray(3);
        this.byteOffsetOfText = 3;
      }
    }
    const first = this.bytesSeen - bytes.length;
    for (let at = 0; at < bytes.length && !this.stopped; at += TEXT_CHUNK) {
      this.decodeAndFeed(this.decoder, bytes.subarray(at, Math.min(bytes.length, at + TEXT_CHUNK)), first + at);
    }
  }

  /** Decodes `bytes` (which start at byte `start` of the input) and hands the text to the parser. */
  private decodeAndFeed(decoder: TextDecoder, bytes: Uint8Array, start: number): void {
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      this.stopWith(encodingProblem(this.here()));
      return;
    }
    // while every chunk was ASCII, character positions map 1:1 to byte positions
    if (this.asciiSoFar && text.length !== bytes.length) this.asciiSoFar = false;
    if (this.asciiSoFar) {
      this.byteChunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.byteChunkStart = start;
    }
    this.feed(text);
  }

  /**
   * A flat copy of src[from, to) made from the input bytes (one allocation, nothing kept alive), when the
   * text is ASCII and lies in the current byte chunk; undefined otherwise.
   */
  private bytesText(src: string, from: number, to: number): string | undefined {
    if (!this.asciiSoFar || src !== this.chunk || !this.byteChunk) return undefined;
    const position = (this.parser as unknown as { chunkPosition: number }).chunkPosition;
    const a = position + from + this.byteOffsetOfText - this.byteChunkStart;
    const b = a + (to - from);
    if (a < 0 || b > this.byteChunk.length) return undefined;
    return this.byteChunk.toString('latin1', a, b);
  }

  end(original: OriginalBytes): Ar2418ReadResult {
    if (!this.stopped) {
      let rest = '';
      try {
        rest = this.decoder?.decode() ?? '';
      } catch {
        this.stopWith(encodingProblem(this.here()));
      }
      try {
        if (rest && !this.stopped) this.feed(rest);
        if (!this.stopped) this.parser.close();
      } catch (error) {
        if (!(error instanceof StopRead)) this.stopWith(internalProblem(error, this.here()));
      }
      if (!this.stopped && !this.model.document) {
        this.problems.push(noDocumentProblem());
        this.fatal = true;
      }
    }
    const document = this.fatal ? undefined : this.model.finish();
    const result: Ar2418ReadResult = { original, problems: this.problems, locations: this.locations, ok: !hasErrors(this.problems) };
    if (document) result.document = document;
    return result;
  }

  private feed(text: string): void {
    try {
      this.parser.write(text);
      if (this.skipDepth === 0 && this.isLeaf[this.depth]) this.carryLeafText();
    } catch (error) {
      if (!(error instanceof StopRead)) this.stopWith(internalProblem(error, this.here()));
    }
  }

  // saxes internals (chunk, i, chunkPosition): not public API, so package.json pins saxes to exactly 6.0.0 and
  // saxes-internals.test.ts fails when another version lays them out differently.
  private get chunk(): string {
    return (this.parser as unknown as { chunk: string }).chunk;
  }

  private get chunkIndex(): number {
    return (this.parser as unknown as { i: number }).i;
  }

  /** At the end of a chunk inside a leaf: keep its text so far. */
  private carryLeafText(): void {
    this.leafCarry += this.chunk.slice(this.leafStart);
    this.leafStart = 0;
    if (this.leafCarry.length > this.limits.maxTextLength) this.textTooLong();
  }

  private textTooLong(): never {
    this.abort(textTooLongProblem(this.limits.maxTextLength, this.locationAt(this.depth)));
  }

  /**
   * Closes a leaf: its text runs from its start tag to the `<` of its end tag. Numbers and times are
   * parsed straight from the input chunk (no string per value); anything unusual takes the general path.
   */
  private closeLeafElement(parentKey: string, def: ChildDef, qname: string): void {
    if (this.leafSelfClosing) {
      this.closeLeaf(parentKey, def, '');
      return;
    }
    let src: string;
    let from: number;
    let to: number;
    const chunk = this.chunk;
    const i = this.chunkIndex;
    // the end tag is normally exactly `</qname>`
    let lt = i - qname.length - 3;
    if (lt < this.leafStart || chunk.charCodeAt(lt) !== 60 || chunk.charCodeAt(lt + 1) !== 47) lt = chunk.lastIndexOf('<', i - 1);
    if (this.leafCarry === '' && lt >= this.leafStart) {
      src = chunk;
      from = this.leafStart;
      to = lt;
    } else {
      src = this.leafCarry + chunk.slice(this.leafStart, this.chunkIndex);
      this.leafCarry = '';
      from = 0;
      to = Math.max(0, src.lastIndexOf('<'));
    }
    if (to - from > this.limits.maxTextLength) this.textTooLong();
    if (def.leaf === 'uint' || def.leaf === 'int') {
      const n = integerAt(src, from, to, def.leaf === 'int');
      if (n !== undefined) {
        this.model.storeValue(parentKey, def, n);
        return;
      }
    } else if (def.leaf === 'dateTime' && to - from === 25) {
      const t = parseXsdDateTimeAt(src, from, to);
      if (t === t) {
        this.model.storeValue(parentKey, def, t);
        return;
      }
    } else if (def.slot === SLOT.readingStatusFnn && this.model.reading && this.model.lastFnn.length === to - from && sameText(src, from, this.model.lastFnn)) {
      // status words repeat from reading to reading: no slice, no lookup
      this.model.reading.statusFNN = this.model.lastFnn;
      return;
    } else if ((def.slot === SLOT.readingSignature || def.slot === SLOT.readingMeterSig) && this.model.reading) {
      const copy = this.bytesText(src, from, to);
      if (copy !== undefined && copy.indexOf('&') < 0 && copy.indexOf('<') < 0 && copy.indexOf('\r') < 0) {
        if (def.slot === SLOT.readingSignature) this.model.reading.signature = copy.length > 0 && copy.charCodeAt(0) > 32 && copy.charCodeAt(copy.length - 1) > 32 ? copy : copy.trim();
        else this.model.reading.meterSig = copy.length > 0 && copy.charCodeAt(0) > 32 && copy.charCodeAt(copy.length - 1) > 32 ? copy : copy.trim();
        return;
      }
    }
    const text = src.slice(from, to);
    this.closeLeaf(parentKey, def, text.indexOf('&') < 0 && text.indexOf('<') < 0 && text.indexOf('\r') < 0 ? text : decodeLeafText(text, this));
  }

  private stopWith(p: Problem): void {
    this.problems.push(p);
    this.stopped = true;
    this.fatal = true;
  }

  private abort(p: Problem): never {
    this.stopWith(p);
    throw new StopRead(p.en);
  }

  private here(): SourceLocation {
    return { line: this.parser.line, column: this.parser.column + 1, path: this.pathAt(this.depth) };
  }

  locationAt(depth: number): SourceLocation {
    return { line: this.lines[depth] ?? 0, column: this.columns[depth] ?? 0, path: this.pathAt(depth) };
  }

  private pathAt(depth: number): string {
    let path = '';
    for (let d = 1; d <= depth; d++) {
      const key = this.keys[d] ?? '';
      path += d === 1 ? `/${key}` : `/${key}[${this.ordinals[d] ?? 1}]`;
    }
    return path;
  }

  report(code: string, severity: Severity, de: string, en: string, location: SourceLocation = this.locationAt(this.depth)): void {
    this.problems.push(problem(code, severity, de, en, location));
  }

  reportOnce(code: string, severity: Severity, de: string, en: string): void {
    if (this.reportedOnce.has(code)) return;
    this.reportedOnce.add(code);
    this.report(code, severity, de, en);
  }

  private onDoctype(): void {
    this.abort(doctypeProblem(this.here()));
  }

  private onXmlError(error: Error): void {
    this.abort(xmlErrorProblem(error, this.here()));
  }

  private resolveKey(qname: string): string {
    const cached = this.keyCache.get(qname);
    if (cached !== undefined) return cached;
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const uri = this.bindings[prefix];
    let key: string;
    if (uri === undefined && prefix !== '') {
      this.abort(namespacePrefixProblem(prefix, { line: this.pendingLine, column: this.pendingColumn, path: `${this.pathAt(this.depth - 1)}/${qname}` }));
    }
    if (uri === NS_AR) key = local;
    else if (uri === NS_ESPI) key = `espi:${local}`;
    else if (uri === NS_ATOM) key = `atom:${local}`;
    else key = `{${uri ?? ''}}${local}`;
    this.keyCache.set(qname, key);
    return key;
  }

  /** Start of the start tag (1-based line and column), derived from the parser's position after it. */
  private locateStartTag(qname: string, selfClosing: boolean): void {
    const parser = this.parser;
    const chunk = this.chunk;
    const i = this.chunkIndex;
    const plainStart = i - qname.length - (selfClosing ? 3 : 2);
    if (plainStart >= 0 && chunk.charCodeAt(plainStart) === 60 /* < */ && chunk.charCodeAt(i - 1) === 62) {
      this.pendingLine = parser.line;
      this.pendingColumn = parser.column - (i - plainStart) + 1;
      return;
    }
    // attributes or line breaks inside the tag: search back for it
    const start = chunk.lastIndexOf(`<${qname}`, i - 1);
    if (start < 0) {
      this.pendingLine = parser.line;
      this.pendingColumn = parser.column + 1;
      return;
    }
    let newlines = 0;
    for (let k = chunk.indexOf('\n', start); k >= 0 && k < i; k = chunk.indexOf('\n', k + 1)) newlines++;
    this.pendingLine = parser.line - newlines;
    this.pendingColumn = newlines === 0 ? parser.column - (i - start) + 1 : start - chunk.lastIndexOf('\n', start) ;
  }

  private onOpen(qname: string, selfClosing: boolean): void {
    const depth = ++this.depth;
    if (depth === 1) this.locateStartTag(qname, selfClosing);
    else {
      // the usual `<name>` / `<name/>`: the tag ends where the parser stands
      this.pendingLine = this.parser.line;
      this.pendingColumn = this.parser.column - qname.length - (selfClosing ? 2 : 1);
    }
    if (depth > this.limits.maxDepth) {
      this.abort(depthProblem(this.limits.maxDepth, { line: this.pendingLine, column: this.pendingColumn, path: this.pathAt(depth - 1) }));
    }
    if (++this.elementCount > this.limits.maxElements) {
      this.abort(elementCountProblem(this.limits.maxElements, { line: this.pendingLine, column: this.pendingColumn, path: this.pathAt(depth - 1) }));
    }
    if (this.pendingBindings.length > 0) {
      for (const [prefix, uri] of this.pendingBindings) this.bind(depth, prefix, uri);
      this.pendingBindings.length = 0;
    }
    if (this.skipDepth !== 0) return;

    this.lines[depth] = this.pendingLine;
    this.columns[depth] = this.pendingColumn;
    this.seqPos[depth] = -1;
    this.isLeaf[depth] = false;
    if (depth === 1) {
      const key = this.resolveKey(qname);
      this.setKey(depth, key);
      this.openRoot(key, qname);
      return;
    }
    const parent = this.parentOf(depth);
    // the child is nearly always the current or a following one of the parent's sequence: compare the
    // names seen before at those places, without hashing
    const seen = parent ? this.seenQnames.get(parent) : undefined;
    let def: ChildDef | null | undefined;
    if (seen && parent) {
      const last = this.seqPos[depth - 1] ?? -1;
      for (let k = last < 0 ? 0 : last; k < seen.length; k++) {
        if (seen[k] === qname) {
          def = parent.children[k];
          break;
        }
      }
    }
    if (!def) {
      const cache = this.childCaches[depth - 1];
      def = cache?.get(qname);
      if (def === undefined || def === null) {
        const found = this.lookupChild(qname, depth);
        if (!found) {
          if (this.learning) this.learning.usable = false;
          return;
        }
        def = found;
        cache?.set(qname, def);
        if (parent && parent.children[found.index] === found) {
          let names = this.seenQnames.get(parent);
          if (!names) {
            names = new Array<string | undefined>(parent.children.length).fill(undefined);
            this.seenQnames.set(parent, names);
          }
          names[found.index] = qname;
        }
      } else this.setKey(depth, def.key);
    } else this.setKey(depth, def.key);
    if (parent) this.checkOrder(parent, def, depth);
    if (def.v14) this.model.usesV14 = true;
    const learning = this.learning;
    if (learning) {
      if (selfClosing) learning.usable = false;
      else if (def.leaf) learning.leaf(qname, def, this.keys[depth - 1] ?? '', depth - this.learningDepth);
      else learning.open(qname, def, this.keys[depth - 1] ?? '', depth - this.learningDepth);
    }
    if (def.leaf) {
      this.isLeaf[depth] = true;
      this.leafDefs[depth] = def;
      this.leafStart = this.chunkIndex;
      this.leafCarry = '';
      this.leafSelfClosing = selfClosing;
      return;
    }
    const own = SCHEMA.get(def.key);
    if (!own) {
      this.skipDepth = depth; // modelled nowhere (e.g. MathOperation): accepted, not read
      if (learning) learning.usable = false;
      return;
    }
    let childCache = this.childCacheByParent.get(own);
    if (!childCache) {
      childCache = new Map();
      this.childCacheByParent.set(own, childCache);
    }
    this.childCaches[depth] = childCache;
    this.parentDefs[depth] = own;
    this.model.openComplex(def.key, depth);
    if (own === READING && this.scanReadings && !selfClosing) this.openReading(qname, depth);
  }

  /**
   * An IntervalReading opened: checked against the layout of an earlier reading straight in the text, or,
   * when that does not apply, read through saxes while its layout is learnt.
   */
  private openReading(qname: string, depth: number): void {
    const layout = this.layout;
    if (layout && layout.readingQname === qname && this.scanReading(layout, depth)) return;
    const learning = new ReadingLayout();
    learning.readingQname = qname;
    this.learning = learning;
    this.learningDepth = depth;
    this.learningProblems = this.problems.length;
  }

  /** The reading being learnt closed (`seqPos`: its last child's place): its layout is used when it read cleanly. */
  private learnt(seqPos: number): void {
    const learning = this.learning;
    this.learning = undefined;
    if (!learning?.usable || this.problems.length !== this.learningProblems) return;
    learning.lastSeqPos = seqPos;
    this.layout = learning;
  }

  /**
   * Reads the reading open at `depth` (its start tag just read) when its text has the layout's form and
   * every value converts as closeLeafElement would convert it without a problem: stores what the children
   * would store, moves the parser on to the reading's end tag and returns true. Otherwise changes nothing.
   */
  private scanReading(layout: ReadingLayout, depth: number): boolean {
    if (depth + layout.depth > this.limits.maxDepth || this.elementCount + layout.elements > this.limits.maxElements) return false;
    const parser = this.parser as unknown as SaxesInternals;
    const chunk = parser.chunk;
    const at = parser.i;
    const end = this.scanner.scan(chunk, at, layout);
    if (end < 0) return false;
    const { kinds, defs, parentKeys } = layout;
    const spans = this.scanner.spans;
    const values = this.leafValues;
    // every value first: a value the quick conversions do not take leaves the reading to saxes untouched
    for (let s = 0, leaf = 0; s < kinds.length; s++) {
      if (kinds[s] !== STEP_LEAF) continue;
      const value = this.scannedValue(defs[s]!, chunk, spans[2 * leaf]!, spans[2 * leaf + 1]!);
      if (value === undefined) return false;
      values[leaf++] = value;
    }
    const model = this.model;
    const reading = model.reading;
    if (!reading) return false;
    let d = depth;
    for (let s = 0, leaf = 0; s < kinds.length; s++) {
      const def = defs[s]!;
      const kind = kinds[s];
      if (kind === STEP_OPEN) model.openComplex(def.key, ++d);
      else if (kind === STEP_CLOSE) model.closeComplex(def.key, d--);
      else {
        const value = values[leaf++]!;
        if (def.slot === SLOT.readingSignature) reading.signature = value as string;
        else if (def.slot === SLOT.readingMeterSig) reading.meterSig = value as string;
        else if (def.slot === SLOT.readingStatusFnn && value === model.lastFnn) reading.statusFNN = model.lastFnn;
        else model.storeValue(parentKeys[s]!, def, value);
      }
    }
    this.elementCount += layout.elements;
    this.seqPos[depth] = layout.lastSeqPos;
    // the parser goes on at the reading's end tag, its line and column as if it had read the text itself
    if (this.scanner.newlines > 0) {
      parser.line += this.scanner.newlines;
      parser.positionAtNewLine = parser.chunkPosition + this.scanner.lineStart;
      parser.column = end - this.scanner.lineStart;
    } else parser.column += end - at;
    parser.i = end;
    this.scannedReadings++;
    return true;
  }

  /**
   * The value closeLeafElement gives a leaf whose text is src[from, to), for text the reading scan accepted
   * (printable ASCII, no markup, nothing to trim), when it gives one without a problem; undefined otherwise.
   */
  private scannedValue(def: ChildDef, src: string, from: number, to: number): number | string | undefined {
    const length = to - from;
    if (length > this.limits.maxTextLength) return undefined;
    switch (def.leaf) {
      case 'uint':
      case 'int': {
        const n = integerAt(src, from, to, def.leaf === 'int');
        return def.slot === SLOT.readingStatusPtb && n !== undefined && n > 4 ? undefined : n;
      }
      case 'dateTime': {
        if (length !== 25) return undefined;
        const t = parseXsdDateTimeAt(src, from, to);
        return t === t ? t : undefined;
      }
      case 'hex': {
        const text = src.slice(from, to);
        return isHex(text) ? text : undefined;
      }
      case 'string': {
        if (def.slot === SLOT.readingStatusFnn) {
          const last = this.model.lastFnn;
          if (last.length === length && sameText(src, from, last)) return last;
          const text = src.slice(from, to);
          return isFnnText(text) ? text : undefined;
        }
        if (def.slot === SLOT.readingSignature || def.slot === SLOT.readingMeterSig) {
          const copy = this.bytesText(src, from, to);
          if (copy !== undefined) return copy;
        }
        if (def.maxLength !== undefined && length > def.maxLength) return undefined;
        const text = src.slice(from, to);
        return def.slot === SLOT.readingSignature || def.slot === SLOT.readingMeterSig ? flat(text) : text;
      }
      default:
        return undefined;
    }
  }

  private bind(depth: number, prefix: string, uri: string): void {
    // names may mean something else from here on
    this.layout = undefined;
    this.learning = undefined;
    const top = this.bindingStack[this.bindingStack.length - 1];
    if (!top || top.depth !== depth) {
      this.bindingStack.push({ depth, saved: this.bindings });
      this.bindings = { ...this.bindings };
    }
    this.bindings[prefix] = uri;
    this.keyCache.clear();
    for (const cache of this.childCacheByParent.values()) cache.clear();
    this.seenQnames.clear();
  }

  private setKey(depth: number, key: string): void {
    this.keys[depth] = key;
    this.ordinals[depth] = this.lastChildKey[depth - 1] === key ? (this.ordinals[depth] ?? 0) + 1 : 1;
    this.lastChildKey[depth - 1] = key;
    this.lastChildKey[depth] = '';
  }

  private parentOf(depth: number): ParentDef | undefined {
    return this.parentDefs[depth - 1];
  }

  /** Slow path of onOpen: namespace resolution, quirks and unknown elements. Undefined: skip the element. */
  private lookupChild(qname: string, depth: number): ChildDef | undefined {
    const key = this.resolveKey(qname);
    const parentKey = this.keys[depth - 1] ?? '';
    this.setKey(depth, key);
    const parent = SCHEMA.get(parentKey);
    if (!parent) {
      if (this.isLeaf[depth - 1]) {
        this.report(
          'schema.unexpected-child',
          'error',
          `Das Element "${parentKey}" darf keine Unterelemente enthalten ("${key}").`,
          `The element "${parentKey}" may not contain child elements ("${key}").`,
        );
      }
      this.skipDepth = depth;
      return undefined;
    }
    let def = parent.byKey.get(key);
    if (!def) {
      const alternative = key.startsWith('espi:') ? key.slice(5) : `espi:${key}`;
      def = parent.byKey.get(alternative);
      if (def) {
        this.reportOnce(
          `quirk.namespace.${key}`,
          'warning',
          `Das Element "${key}" steht im falschen Namensraum (erwartet: "${alternative}"); es wird trotzdem gelesen.`,
          `The element "${key}" is in the wrong namespace (expected "${alternative}"); it is read anyway.`,
        );
      }
    }
    if (!def) {
      this.report(
        'schema.unknown-element',
        'warning',
        `Unbekanntes Element "${key}" in "${parentKey}" wird übersprungen.`,
        `Unknown element "${key}" in "${parentKey}" is skipped.`,
      );
      this.skipDepth = depth;
      return undefined;
    }
    this.keys[depth] = def.key;
    this.lastChildKey[depth - 1] = def.key;
    return def;
  }

  private checkOrder(parent: ParentDef, def: ChildDef, depth: number): void {
    const last = this.seqPos[depth - 1] ?? -1;
    if (parent.isChoice) {
      if (last >= 0) {
        this.report(
          'schema.choice',
          'error',
          `In "${parent.key}" ist nur eines der Elemente erlaubt, "${def.key}" ist überzählig.`,
          `"${parent.key}" allows only one of its elements; "${def.key}" is one too many.`,
        );
      }
      this.seqPos[depth - 1] = def.index;
      return;
    }
    if (def.index < last) {
      const previous = parent.children[last]?.key ?? '';
      this.report(
        'schema.order',
        'error',
        `Das Element "${def.key}" steht an der falschen Stelle: es muss vor "${previous}" stehen.`,
        `The element "${def.key}" is out of order: it must come before "${previous}".`,
      );
      return;
    }
    if (def.index === last) {
      if (def.max === 1) {
        if (def.key === 'Certificate') return;
        this.report(
          'schema.repeated',
          'error',
          `Das Element "${def.key}" darf in "${parent.key}" nur einmal vorkommen.`,
          `The element "${def.key}" may occur only once in "${parent.key}".`,
        );
      }
      return;
    }
    this.reportMissing(parent, last + 1, def.index, depth - 1);
    this.seqPos[depth - 1] = def.index;
  }

  private reportMissing(parent: ParentDef, from: number, to: number, parentDepth: number): void {
    for (let i = from; i < to; i++) {
      const child = parent.children[i];
      if (child && child.min > 0) {
        this.report(
          'schema.missing-element',
          'error',
          `Im Element "${parent.key}" fehlt das Pflichtelement "${child.key}".`,
          `The element "${parent.key}" lacks the required element "${child.key}".`,
          this.locationAt(parentDepth),
        );
      }
    }
  }

  private openRoot(key: string, qname: string): void {
    if (key !== 'UsagePoints') this.abort(rootProblem(qname, this.locationAt(1)));
    this.model.startDocument();
    const root = SCHEMA.get('UsagePoints');
    this.parentDefs[1] = root;
    if (root) {
      const cache = new Map<string, ChildDef | null>();
      this.childCacheByParent.set(root, cache);
      this.childCaches[1] = cache;
    }
  }

  private onClose(qname: string): void {
    const depth = this.depth;
    if (this.skipDepth !== 0) {
      if (depth === this.skipDepth) this.skipDepth = 0;
      this.popBindings(depth);
      this.depth--;
      return;
    }
    if (this.isLeaf[depth]) {
      const def = this.leafDefs[depth];
      if (def) this.closeLeafElement(this.keys[depth - 1] ?? '', def, qname);
      this.isLeaf[depth] = false;
    } else {
      const key = this.keys[depth] ?? '';
      const def = SCHEMA.get(key);
      const seqPos = this.seqPos[depth] ?? -1;
      if (def && !def.isChoice) this.reportMissing(def, seqPos + 1, def.children.length, depth);
      this.model.closeComplex(key, depth);
      const learning = this.learning;
      if (learning) {
        if (depth > this.learningDepth) learning.close(qname, this.keys[depth - 1] ?? '');
        else this.learnt(seqPos);
      }
    }
    this.popBindings(depth);
    this.depth--;
  }

  private popBindings(depth: number): void {
    const top = this.bindingStack[this.bindingStack.length - 1];
    if (top && top.depth === depth) {
      this.layout = undefined;
      this.learning = undefined;
      this.bindings = top.saved;
      this.bindingStack.pop();
      this.keyCache.clear();
      for (const cache of this.childCacheByParent.values()) cache.clear();
    this.seenQnames.clear();
    }
  }

  private closeLeaf(parentKey: string, def: ChildDef, raw: string): void {
    const value = leafValue(def, raw, this);
    if (value !== undefined) this.model.storeValue(parentKey, def, value);
  }
}
