/**
 * The streaming AR 2418-6 reader (saxes): bytes in, `Ar2418Document` plus problems with locations out. No DOM
 * is built; the model is filled while the parser walks the file and the element order, occurrence and leaf
 * types are checked against `SCHEMA` on the way. Any DOCTYPE is rejected; size, depth, text length and element
 * count are limited; malformed input ends the read with a problem, never with an exception.
 */
import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';
import type {
  Ar2418Document,
  AnalysisProfile,
  CertificateEntry,
  DayProfile,
  DayTimeProfile,
  FirmwareComponent,
  IntervalBlock,
  LogEntry,
  MeterReading,
  SpecialDayProfile,
  TariffStage,
  UsagePoint,
} from '../../model/types';
import { hasErrors, problem, type Problem, type Severity, type SourceLocation } from '../../model/problems';
import { NS_AR, NS_ATOM, NS_ESPI, SCHEMA, SLOT, type ChildDef, type ParentDef } from './schema';
import { hasZone, parseXsdDateTime, parseXsdDateTimeAt } from './datetime';
import { hexToBytes, isHex } from './hex';
import { SourceLocations } from './source-locations';
import { sortDocument } from '../../model/sorting';
import { DEFAULT_READ_LIMITS, type Ar2418ReadResult, type ReadLimits, type ReadOptions } from './read-options';
import { internalProblem, sizeProblem } from './read-problems';
import { ReadingDraft } from './reading-draft';
import { originalInMemory, type OriginalBytes } from '../../platform/original-bytes';
import { PREDEFINED_ENTITIES, detectEncoding, flat, integerAt, isFnnText, parseInteger, sameText, short } from './text-scan';

/** Thrown inside saxes handlers to end the parse. */
class StopRead extends Error {}

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
export class Ar2418StreamReader {
  stopped = false;
  private readonly limits: ReadLimits;
  private readonly problems: Problem[] = [];
  private readonly locations = new SourceLocations();
  private readonly parser: SaxesParser;
  private decoder: TextDecoder | undefined;
  private asciiSoFar = false;
  /** The last (valid or reported) FNN status word. */
  private lastFnn = '';
  private byteChunk: Buffer | undefined;
  private byteChunkStart = 0;
  private byteOffsetOfText = 0;
  private bytesSeen = 0;
  private fatal = false;

  // element stack (parallel arrays, index = depth, root at 1)
  private depth = 0;
  private readonly keys: string[] = [''];
  private readonly lines: number[] = [0];
  private readonly columns: number[] = [0];
  private readonly ordinals: number[] = [0];
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

  // model under construction
  private document: Ar2418Document | undefined;
  private usesV14 = false;
  private up: UsagePoint | undefined;
  private certificateCount = 0;
  private firmware: FirmwareComponent | undefined;
  private cert: CertificateEntry | undefined;
  private profile: AnalysisProfile | undefined;
  private stage: TariffStage | undefined;
  private dayProfile: DayProfile | undefined;
  private dayTime: DayTimeProfile | undefined;
  private specialDay: SpecialDayProfile | undefined;
  private logRecordNumber: number | undefined;
  private logEventCount = 0;
  private logEntry: LogEntry | undefined;
  private meterReading: MeterReading | undefined;
  private block: IntervalBlock | undefined;
  private blockHasDuration = false;
  private blockHasStart = false;
  private blockPositions: { lines: number[]; columns: number[]; ordinals: number[] } | undefined;
  /** The IntervalReading being read: one reused draft, copied into a compact object when it closes. */
  private reading: ReadingDraft | undefined;
  private readonly draft = new ReadingDraft();
  private readingHasValue = false;
  private readingHasTime = false;
  private readonly reportedOnce = new Set<string>();
  private readonly interned = new Map<string, string>();

  constructor(options: ReadOptions = {}) {
    this.limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
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
      this.stopWith(this.encodingProblem());
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

  /** Bytes that are no characters of the file's encoding (also a multi-byte character cut off at the end). */
  private encodingProblem(): Problem {
    return problem(
      'xml.encoding',
      'error',
      'Die Datei enthält Bytes, die in der angegebenen Zeichenkodierung (UTF-8) ungültig sind. Die Datei ist beschädigt oder keine AR-2418-6-Datei.',
      'The file contains bytes that are invalid in its declared character encoding (UTF-8). The file is damaged or not an AR 2418-6 file.',
      this.here(),
    );
  }

  end(original: OriginalBytes): Ar2418ReadResult {
    if (!this.stopped) {
      let rest = '';
      try {
        rest = this.decoder?.decode() ?? '';
      } catch {
        this.stopWith(this.encodingProblem());
      }
      try {
        if (rest && !this.stopped) this.feed(rest);
        if (!this.stopped) this.parser.close();
      } catch (error) {
        if (!(error instanceof StopRead)) this.stopWith(internalProblem(error, this.here()));
      }
      if (!this.stopped && !this.document) {
        this.problems.push(
          problem('xml.empty', 'error', 'Die Datei enthält kein XML-Dokument.', 'The file contains no XML document.'),
        );
        this.fatal = true;
      }
    }
    const document = this.fatal ? undefined : this.finish();
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
    this.abort(
      problem(
        'limit.text',
        'error',
        `Der Inhalt eines Elements ist länger als ${this.limits.maxTextLength} Zeichen; die Datei wird nicht weiter gelesen.`,
        `The content of an element is longer than ${this.limits.maxTextLength} characters; the file is not read further.`,
        this.locationAt(this.depth),
      ),
    );
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
        this.storeValue(parentKey, def, n);
        return;
      }
    } else if (def.leaf === 'dateTime' && to - from === 25) {
      const t = parseXsdDateTimeAt(src, from, to);
      if (t === t) {
        this.storeValue(parentKey, def, t);
        return;
      }
    } else if (def.slot === SLOT.readingStatusFnn && this.reading && this.lastFnn.length === to - from && sameText(src, from, this.lastFnn)) {
      // status words repeat from reading to reading: no slice, no lookup
      this.reading.statusFNN = this.lastFnn;
      return;
    } else if ((def.slot === SLOT.readingSignature || def.slot === SLOT.readingMeterSig) && this.reading) {
      const copy = this.bytesText(src, from, to);
      if (copy !== undefined && copy.indexOf('&') < 0 && copy.indexOf('<') < 0 && copy.indexOf('\r') < 0) {
        if (def.slot === SLOT.readingSignature) this.reading.signature = copy.length > 0 && copy.charCodeAt(0) > 32 && copy.charCodeAt(copy.length - 1) > 32 ? copy : copy.trim();
        else this.reading.meterSig = copy.length > 0 && copy.charCodeAt(0) > 32 && copy.charCodeAt(copy.length - 1) > 32 ? copy : copy.trim();
        return;
      }
    }
    const text = src.slice(from, to);
    this.closeLeaf(parentKey, def, text.indexOf('&') < 0 && text.indexOf('<') < 0 && text.indexOf('\r') < 0 ? text : this.decodeText(text));
  }

  /** Entities, CDATA, comments and line ends in leaf text (rare in AR 2418-6 files). */
  private decodeText(raw: string): string {
    let out = '';
    let i = 0;
    while (i < raw.length) {
      const lt = raw.indexOf('<', i);
      const plainEnd = lt < 0 ? raw.length : lt;
      out += this.decodeEntities(raw.slice(i, plainEnd));
      if (lt < 0) break;
      if (raw.startsWith('<![CDATA[', lt)) {
        const close = raw.indexOf(']]>', lt + 9);
        out += raw.slice(lt + 9, close < 0 ? raw.length : close);
        i = close < 0 ? raw.length : close + 3;
      } else if (raw.startsWith('<!--', lt)) {
        const close = raw.indexOf('-->', lt + 4);
        i = close < 0 ? raw.length : close + 3;
      } else {
        // processing instruction or a (skipped, already reported) child element
        const close = raw.indexOf('>', lt + 1);
        i = close < 0 ? raw.length : close + 1;
      }
    }
    return out.replace(/\r\n?/g, '\n');
  }

  private decodeEntities(text: string): string {
    if (!text.includes('&')) return text;
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      const known = PREDEFINED_ENTITIES[name];
      if (known !== undefined) return known;
      this.report('xml.entity', 'error', `Unbekannte Entität "&${name};".`, `Unknown entity "&${name};".`);
      return whole;
    });
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

  private locationAt(depth: number): SourceLocation {
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

  private report(code: string, severity: Severity, de: string, en: string, location: SourceLocation = this.locationAt(this.depth)): void {
    this.problems.push(problem(code, severity, de, en, location));
  }

  /** Reports a problem only the first time its code occurs (vendor quirks repeat on every reading). */
  private reportOnce(code: string, severity: Severity, de: string, en: string): void {
    if (this.reportedOnce.has(code)) return;
    this.reportedOnce.add(code);
    this.report(code, severity, de, en);
  }

  private onDoctype(): void {
    this.abort(
      problem(
        'xml.doctype',
        'error',
        'Die Datei enthält eine DOCTYPE-Deklaration. Das ist in AR-2418-6-Dateien nicht erlaubt und wird aus Sicherheitsgründen abgelehnt (keine Entitäten, kein Nachladen).',
        'The file contains a DOCTYPE declaration. AR 2418-6 files have none; it is rejected for safety (no entity expansion, no external fetch).',
        this.here(),
      ),
    );
  }

  private onXmlError(error: Error): void {
    // saxes prefixes its messages with "line:column: "
    const detail = error.message.replace(/^[^:]*:?\d+:\d+: /, '');
    const truncated = /unclosed|unexpected end/i.test(detail);
    if (/must contain a root element/.test(detail)) {
      this.abort(problem('xml.empty', 'error', 'Die Datei enthält kein XML-Dokument.', 'The file contains no XML document.'));
    }
    this.abort(
      problem(
        truncated ? 'xml.truncated' : 'xml.malformed',
        'error',
        truncated
          ? `Die Datei endet vorzeitig (${detail}). Sie ist vermutlich unvollständig übertragen oder abgeschnitten; bitte erneut auslesen oder speichern.`
          : `Die Datei ist kein wohlgeformtes XML (${detail}). Bitte die Originaldatei verwenden.`,
        truncated
          ? `The file ends prematurely (${detail}). It was probably cut off; please read it out or save it again.`
          : `The file is not well-formed XML (${detail}). Please use the original file.`,
        this.here(),
      ),
    );
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
      this.abort(
        problem(
          'xml.namespace-prefix',
          'error',
          `Der Namensraum-Präfix "${prefix}" ist nicht deklariert.`,
          `The namespace prefix "${prefix}" is not declared.`,
          { line: this.pendingLine, column: this.pendingColumn, path: `${this.pathAt(this.depth - 1)}/${qname}` },
        ),
      );
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
      this.abort(
        problem(
          'limit.depth',
          'error',
          `Die Elemente sind tiefer als ${this.limits.maxDepth} Ebenen verschachtelt; das kommt in AR-2418-6-Dateien nicht vor.`,
          `Elements are nested deeper than ${this.limits.maxDepth} levels; AR 2418-6 files never are.`,
          { line: this.pendingLine, column: this.pendingColumn, path: this.pathAt(depth - 1) },
        ),
      );
    }
    if (++this.elementCount > this.limits.maxElements) {
      this.abort(
        problem(
          'limit.elements',
          'error',
          `Die Datei enthält mehr als ${this.limits.maxElements} Elemente; sie wird nicht weiter gelesen.`,
          `The file contains more than ${this.limits.maxElements} elements; it is not read further.`,
          { line: this.pendingLine, column: this.pendingColumn, path: this.pathAt(depth - 1) },
        ),
      );
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
        if (!found) return;
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
    if (def.v14) this.usesV14 = true;
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
      return;
    }
    let childCache = this.childCacheByParent.get(own);
    if (!childCache) {
      childCache = new Map();
      this.childCacheByParent.set(own, childCache);
    }
    this.childCaches[depth] = childCache;
    this.parentDefs[depth] = own;
    this.openComplex(def.key, depth);
  }

  private bind(depth: number, prefix: string, uri: string): void {
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
    if (key !== 'UsagePoints') {
      const local = qname.slice(qname.indexOf(':') + 1);
      const wrongNamespace = local === 'UsagePoints';
      this.abort(
        problem(
          wrongNamespace ? 'schema.namespace' : 'schema.root',
          'error',
          wrongNamespace
            ? `Das Wurzelelement "UsagePoints" steht nicht im Namensraum ${NS_AR}. Die Datei ist keine AR-2418-6-Datei oder wurde verändert.`
            : `Das Wurzelelement ist "${qname}", erwartet wird "UsagePoints". Die Datei ist keine AR-2418-6-Datei.`,
          wrongNamespace
            ? `The root element "UsagePoints" is not in the namespace ${NS_AR}. The file is not an AR 2418-6 file or was altered.`
            : `The root element is "${qname}", expected "UsagePoints". The file is not an AR 2418-6 file.`,
          this.locationAt(1),
        ),
      );
    }
    this.document = { kind: 'device', schemaVersion: '1.2', usagePoints: [] };
    const root = SCHEMA.get('UsagePoints');
    this.parentDefs[1] = root;
    if (root) {
      const cache = new Map<string, ChildDef | null>();
      this.childCacheByParent.set(root, cache);
      this.childCaches[1] = cache;
    }
  }

  private openComplex(key: string, depth: number): void {
    switch (key) {
      case 'UsagePoint': {
        const up: UsagePoint = {
          serviceCategory: -1,
          usagePointId: '',
          customerId: '',
          invoicingPartyId: '',
          smgw: { certIds: [], smgwId: '', firmwareComponents: [] },
          certificates: [],
          tariffName: '',
          logEntries: [],
          meterReadings: [],
        };
        this.up = up;
        this.certificateCount = 0;
        this.document?.usagePoints.push(up);
        this.locations.set(up, this.locationAt(depth));
        return;
      }
      case 'SMGW':
        if (this.up) this.locations.set(this.up.smgw, this.locationAt(depth));
        return;
      case 'FirmwareComponent':
        this.firmware = { name: '', version: '' };
        this.up?.smgw.firmwareComponents.push(this.firmware);
        return;
      case 'VendorConfig':
        if (this.up) this.up.vendorConfig = {};
        return;
      case 'Certificate':
        this.cert = { certId: 0, certType: 0, certContent: new Uint8Array(0) };
        if (++this.certificateCount > 1) this.usesV14 = true;
        this.up?.certificates.push(this.cert);
        this.locations.set(this.cert, this.locationAt(depth));
        return;
      case 'AnalysisProfile':
        this.profile = {
          tariffUseCase: 0,
          tariffId: '',
          billingPeriod: { start: 0, duration: 0 },
          tariffStages: [],
          defaultTariffNumber: 0,
          dayProfiles: [],
          specialDayProfiles: [],
        };
        if (this.up) this.up.analysisProfile = this.profile;
        this.locations.set(this.profile, this.locationAt(depth));
        return;
      case 'TariffStage':
        this.stage = { tariffNumber: 0, obisCode: '' };
        this.profile?.tariffStages.push(this.stage);
        this.locations.set(this.stage, this.locationAt(depth));
        return;
      case 'DayProfile':
        this.dayProfile = { dayId: 0, dayTimeProfiles: [] };
        this.profile?.dayProfiles.push(this.dayProfile);
        this.locations.set(this.dayProfile, this.locationAt(depth));
        return;
      case 'DayTimeProfile':
        this.dayTime = { startHour: 0, startMinute: 0, tariffNumber: 0 };
        this.dayProfile?.dayTimeProfiles.push(this.dayTime);
        this.locations.set(this.dayTime, this.locationAt(depth));
        return;
      case 'SpecialDayProfile':
        this.specialDay = { year: 0, month: 0, day: 0, dayId: 0 };
        this.profile?.specialDayProfiles.push(this.specialDay);
        this.locations.set(this.specialDay, this.locationAt(depth));
        return;
      case 'LogEntry':
        this.logRecordNumber = undefined;
        this.logEventCount = 0;
        this.logEntry = undefined;
        return;
      case 'LogEvent': {
        const entry: LogEntry = {};
        if (this.logRecordNumber !== undefined) entry.recordNumber = this.logRecordNumber;
        this.logEntry = entry;
        this.logEventCount++;
        this.up?.logEntries.push(entry);
        this.locations.set(entry, this.locationAt(depth));
        return;
      }
      case 'MeterReading':
        this.meterReading = {
          meterId: '',
          meterReadingId: '',
          readingType: { powerOfTenMultiplier: 0, uom: 0, scaler: 0, obisCode: '', qualifiedLogicalName: '' },
          intervalBlocks: [],
        };
        this.up?.meterReadings.push(this.meterReading);
        this.locations.set(this.meterReading, this.locationAt(depth));
        return;
      case 'IntervalBlock': {
        const block: IntervalBlock = { duration: 0, start: 0, readings: [] };
        this.block = block;
        this.blockHasDuration = false;
        this.blockHasStart = false;
        this.meterReading?.intervalBlocks.push(block);
        const location = this.locationAt(depth);
        this.locations.set(block, location);
        this.blockPositions = { lines: [], columns: [], ordinals: [] };
        this.locations.setReadingPositions(block, { blockPath: location.path, ...this.blockPositions });
        return;
      }
      case 'IntervalReading':
        this.draft.reset();
        this.reading = this.draft;
        this.readingHasValue = false;
        this.readingHasTime = false;
        return;
      default:
        return;
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
      if (def && !def.isChoice) this.reportMissing(def, (this.seqPos[depth] ?? -1) + 1, def.children.length, depth);
      this.closeComplex(key, depth);
    }
    this.popBindings(depth);
    this.depth--;
  }

  private popBindings(depth: number): void {
    const top = this.bindingStack[this.bindingStack.length - 1];
    if (top && top.depth === depth) {
      this.bindings = top.saved;
      this.bindingStack.pop();
      this.keyCache.clear();
      for (const cache of this.childCacheByParent.values()) cache.clear();
    this.seenQnames.clear();
    }
  }

  private closeComplex(key: string, depth: number): void {
    switch (key) {
      case 'LogEntry':
        if (this.logEventCount === 0 && this.up) {
          const entry: LogEntry = {};
          if (this.logRecordNumber !== undefined) entry.recordNumber = this.logRecordNumber;
          this.up.logEntries.push(entry);
          this.locations.set(entry, this.locationAt(depth));
        }
        return;
      case 'IntervalBlock':
        if (this.block) {
          if (!this.blockHasDuration || !this.blockHasStart) {
            this.report(
              'model.block-interval',
              'error',
              'Dem Intervallblock fehlt die Angabe interval mit duration und start.',
              'The IntervalBlock lacks its interval with duration and start.',
              this.locationAt(depth),
            );
          }
          if (this.block.readings.length === 0) {
            this.report(
              'model.block-empty',
              'error',
              'Der Intervallblock enthält keine Messwerte (IntervalReading).',
              'The IntervalBlock contains no readings (IntervalReading).',
              this.locationAt(depth),
            );
          }
        }
        return;
      case 'IntervalReading':
        this.closeReading(depth);
        return;
      default:
        return;
    }
  }

  private closeReading(depth: number): void {
    const r = this.reading;
    if (!r || !this.block || !this.blockPositions) return;
    this.reading = undefined;
    if (!this.readingHasValue) {
      this.report('model.reading-value', 'error', 'Dem Messwert fehlt der Wert (espi:value).', 'The reading lacks its value (espi:value).', this.locationAt(depth));
      return;
    }
    if (!this.readingHasTime) {
      this.report(
        'model.reading-time',
        'error',
        'Dem Messwert fehlt der Zeitstempel (timePeriod/start).',
        'The reading lacks its timestamp (timePeriod/start).',
        this.locationAt(depth),
      );
      return;
    }
    if (r.statusFNN === undefined && r.statusPTB === undefined) {
      this.report(
        'model.reading-status',
        'error',
        'Dem Messwert fehlt die Statusinformation (statusFNN oder statusPTB).',
        'The reading lacks its status (statusFNN or statusPTB).',
        this.locationAt(depth),
      );
    }
    this.block.readings.push(r.build());
    this.blockPositions.lines.push(this.lines[depth] ?? 0);
    this.blockPositions.columns.push(this.columns[depth] ?? 0);
    this.blockPositions.ordinals.push(this.ordinals[depth] ?? 0);
  }

  private leafValue(def: ChildDef, raw: string): string | number | boolean | undefined {
    const text = raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
    switch (def.leaf) {
      case 'uint':
      case 'int': {
        const n = parseInteger(text, def.leaf === 'int');
        if (n === undefined) {
          this.report(
            'schema.integer',
            'error',
            `"${short(text)}" ist keine ${def.leaf === 'int' ? '' : 'nicht-negative '}ganze Zahl (Element "${def.key}").`,
            `"${short(text)}" is not a${def.leaf === 'int' ? 'n' : ' non-negative'} integer (element "${def.key}").`,
          );
        }
        return n;
      }
      case 'dateTime': {
        const t = parseXsdDateTime(text);
        if (Number.isNaN(t)) {
          this.report(
            'schema.datetime',
            'error',
            `"${short(text)}" ist kein gültiger Zeitpunkt (xs:dateTime, Element "${def.key}").`,
            `"${short(text)}" is not a valid point in time (xs:dateTime, element "${def.key}").`,
          );
          return undefined;
        }
        if (!hasZone(text)) {
          this.reportOnce(
            'quirk.no-zone',
            'warning',
            `Zeitangaben ohne Zeitzone (z. B. "${text}") werden als gesetzliche Zeit Europe/Berlin gelesen.`,
            `Times without a zone (e.g. "${text}") are read as Europe/Berlin legal time.`,
          );
        }
        return t;
      }
      case 'hex':
        if (!isHex(text)) {
          this.report(
            'schema.hex',
            'error',
            `Der Inhalt von "${def.key}" ist keine gültige Hex-Zeichenfolge (nur 0-9, A-F, gerade Länge).`,
            `The content of "${def.key}" is not valid hex (only 0-9, A-F, even length).`,
          );
          return undefined;
        }
        return text;
      case 'bool':
        if (text === 'true' || text === '1') return true;
        if (text === 'false' || text === '0') return false;
        this.report('schema.boolean', 'error', `"${short(text)}" ist kein Wahrheitswert.`, `"${short(text)}" is not a boolean.`);
        return undefined;
      default:
        if (def.maxLength !== undefined && text.length > def.maxLength) {
          this.report(
            'schema.length',
            'error',
            `Der Inhalt von "${def.key}" ist ${text.length} Zeichen lang, erlaubt sind ${def.maxLength}.`,
            `The content of "${def.key}" is ${text.length} characters long; at most ${def.maxLength} are allowed.`,
          );
        }
        return text;
    }
  }

  private closeLeaf(parentKey: string, def: ChildDef, raw: string): void {
    const value = this.leafValue(def, raw);
    if (value !== undefined) this.storeValue(parentKey, def, value);
  }

  /** Stores a converted leaf value: readings by slot number (hot path), the rest by name. */
  private storeValue(parentKey: string, def: ChildDef, value: string | number | boolean): void {
    const r = this.reading;
    if (def.slot === 0 || !r) {
      this.storeLeaf(parentKey, def.key, value);
      return;
    }
    const num = value as number;
    switch (def.slot) {
      case SLOT.readingValue:
        r.value = num;
        this.readingHasValue = true;
        return;
      case SLOT.timePeriodStart:
        r.captureTime = num;
        this.readingHasTime = true;
        return;
      case SLOT.timePeriodDuration:
        r.duration = num;
        return;
      case SLOT.readingTargetTime:
        r.targetTime = num;
        return;
      case SLOT.readingCertId:
        r.certId = num;
        return;
      case SLOT.readingMeterSig:
        r.meterSig = flat(value as string);
        return;
      case SLOT.readingSignature:
        r.signature = flat(value as string);
        return;
      case SLOT.readingStatusFnn:
        r.statusFNN = this.fnnStatus(value as string);
        this.lastFnn = r.statusFNN;
        return;
      case SLOT.readingStatusPtb:
        r.statusPTB = this.ptbStatus(num);
        return;
      default:
        this.storeLeaf(parentKey, def.key, value);
    }
  }

  /** A reading's FNN status word, interned (one string per distinct word); an invalid one is reported. */
  private fnnStatus(str: string): string {
    const known = this.interned.get(str);
    if (known !== undefined) return known;
    if (!isFnnText(str)) {
      this.report(
        'model.status-fnn',
        'error',
        `Das FNN-Statuswort "${short(str)}" ist ungültig (erwartet: 16 Hex-Zeichen).`,
        `The FNN status word "${short(str)}" is invalid (expected 16 hex characters).`,
      );
    }
    return this.intern(str);
  }

  /** A reading's PTB status; one above 4 is reported. */
  private ptbStatus(num: number): number {
    if (num > 4) this.report('model.status-ptb', 'error', `Der PTB-Status ${num} ist ungültig (erlaubt: 0 bis 4).`, `The PTB status ${num} is invalid (allowed: 0 to 4).`);
    return num;
  }

  private storeLeaf(parentKey: string, key: string, value: string | number | boolean): void {
    const num = value as number;
    // readings flatten their few string fields themselves
    const str = typeof value === 'string' && parentKey !== 'IntervalReading' ? flat(value) : (value as string);
    switch (parentKey) {
      case 'IntervalReading': {
        const r = this.reading;
        if (!r) return;
        switch (key) {
          case 'espi:value':
            r.value = num;
            this.readingHasValue = true;
            return;
          case 'targetTime':
            r.targetTime = num;
            return;
          case 'measurementTimeMeter':
            r.measurementTimeMeter = num;
            return;
          case 'certId':
            r.certId = num;
            return;
          case 'meterSig':
            r.meterSig = flat(str);
            return;
          case 'signature':
            r.signature = flat(str);
            return;
          case 'statusFNN':
            r.statusFNN = this.fnnStatus(str);
            return;
          case 'statusPTB':
            r.statusPTB = this.ptbStatus(num);
            return;
          case 'statusVendor':
            r.statusVendor = this.intern(str);
            return;
          default:
            return;
        }
      }
      case 'timePeriod':
        if (this.reading) {
          if (key === 'start') {
            this.reading.captureTime = num;
            this.readingHasTime = true;
          } else if (key === 'duration') this.reading.duration = num;
        }
        return;
      case 'espi:timePeriod':
        if (this.reading) {
          if (key === 'espi:start') {
            this.reading.captureTime = num * 1000;
            this.readingHasTime = true;
          } else if (key === 'espi:duration') this.reading.duration = num;
        }
        return;
      case 'interval':
        if (this.block) {
          if (key === 'start') {
            this.block.start = num;
            this.blockHasStart = true;
          } else if (key === 'duration') {
            this.block.duration = num;
            this.blockHasDuration = true;
          }
        }
        return;
      case 'UsagePoints':
        if (key === 'GeneratorVersion' && this.document) this.document.generatorVersion = str;
        return;
      case 'espi:ServiceCategory':
        if (this.up) this.up.serviceCategory = num;
        return;
      case 'UsagePoint':
        if (!this.up) return;
        if (key === 'usagePointId') this.up.usagePointId = str;
        else if (key === 'tariffName') this.up.tariffName = str;
        return;
      case 'Customer':
        if (this.up) this.up.customerId = str;
        return;
      case 'InvoicingParty':
        if (this.up) this.up.invoicingPartyId = str;
        return;
      case 'SMGW': {
        const smgw = this.up?.smgw;
        if (!smgw) return;
        if (key === 'certId') smgw.certIds.push(num);
        else if (key === 'smgwId') smgw.smgwId = str;
        else if (key === 'Manufacturer') smgw.manufacturer = str;
        else if (key === 'FirmwareVersion') smgw.firmwareVersion = str;
        else if (key === 'SystemTime') smgw.systemTime = num;
        return;
      }
      case 'FirmwareComponent':
        if (!this.firmware) return;
        if (key === 'name') this.firmware.name = str;
        else if (key === 'version') this.firmware.version = str;
        else if (key === 'checksum') this.firmware.checksum = str;
        return;
      case 'VendorConfig':
        if (key === 'tafProfile' && this.up) this.up.vendorConfig = { tafProfile: str };
        return;
      case 'Certificate':
        if (!this.cert) return;
        if (key === 'certId') this.cert.certId = num;
        else if (key === 'certType') this.cert.certType = num;
        else if (key === 'parentCertId') this.cert.parentCertId = num;
        else if (key === 'certContent') this.cert.certContent = hexToBytes(str);
        return;
      case 'LogEntry':
        if (key === 'recordNumber') this.logRecordNumber = num;
        return;
      case 'LogEvent': {
        const e = this.logEntry;
        if (!e) return;
        if (key === 'level') e.level = num;
        else if (key === 'text') e.text = str;
        else if (key === 'outcome') e.outcome = num;
        else if (key === 'timestamp') e.timestamp = num;
        else if (key === 'subjectIdentity') e.subjectIdentity = str;
        else if (key === 'destination') e.destination = str;
        else if (key === 'userIdentity') e.userIdentity = str;
        else if (key === 'evidence') e.evidence = str;
        return;
      }
      case 'Meter':
        if (!this.meterReading) return;
        if (key === 'meterId') this.meterReading.meterId = str;
        else if (key === 'publicKey') this.meterReading.meterPublicKey = str;
        return;
      case 'MeterReading':
        if (key === 'meterReadingId' && this.meterReading) this.meterReading.meterReadingId = str;
        return;
      case 'ReadingType': {
        const rt = this.meterReading?.readingType;
        if (!rt) return;
        if (key === 'espi:powerOfTenMultiplier') rt.powerOfTenMultiplier = num;
        else if (key === 'espi:uom') rt.uom = num;
        else if (key === 'scaler') rt.scaler = num;
        else if (key === 'obisCode') rt.obisCode = str.toLowerCase();
        else if (key === 'qualifiedLogicalName') rt.qualifiedLogicalName = str;
        else if (key === 'measurementPeriod') rt.measurementPeriod = num;
        return;
      }
      case 'AnalysisProfile':
        if (!this.profile) return;
        if (key === 'tariffUseCase') this.profile.tariffUseCase = num;
        else if (key === 'tariffId') this.profile.tariffId = str;
        else if (key === 'defaultTariffNumber') this.profile.defaultTariffNumber = num;
        return;
      case 'billingPeriod':
        if (!this.profile) return;
        if (key === 'start') this.profile.billingPeriod.start = num;
        else if (key === 'duration') this.profile.billingPeriod.duration = num;
        return;
      case 'TariffStage':
        if (!this.stage) return;
        if (key === 'tariffNumber') this.stage.tariffNumber = num;
        else if (key === 'description') this.stage.description = str;
        else if (key === 'obisCode') this.stage.obisCode = str.toLowerCase();
        return;
      case 'DayProfile':
        if (key === 'dayId' && this.dayProfile) this.dayProfile.dayId = this.dayIdNumber(str);
        return;
      case 'DayTimeProfile':
        if (key === 'tariffNumber' && this.dayTime) this.dayTime.tariffNumber = num;
        return;
      case 'startTime':
        if (!this.dayTime) return;
        if (key === 'hour') this.dayTime.startHour = num;
        else if (key === 'minute') this.dayTime.startMinute = num;
        return;
      case 'SpecialDayProfile':
        if (key === 'dayId' && this.specialDay) this.specialDay.dayId = this.dayIdNumber(str);
        return;
      case 'specialDayDate':
        if (!this.specialDay) return;
        if (key === 'year') this.specialDay.year = num;
        else if (key === 'month') this.specialDay.month = num;
        else if (key === 'day_of_month') this.specialDay.day = num;
        return;
      default:
        return;
    }
  }

  /** One flat copy per distinct value (status words repeat on every reading). */
  private intern(text: string): string {
    let v = this.interned.get(text);
    if (v === undefined) {
      v = flat(text);
      if (this.interned.size < 10_000) this.interned.set(v, v);
    }
    return v;
  }

  /** dayId is a number in v1.2 and a string in v1.4; every real file uses numbers. */
  private dayIdNumber(text: string): number {
    const n = parseInteger(text, false);
    if (n === undefined) {
      this.report(
        'model.day-id',
        'error',
        `Die Tagesprofil-Kennung "${short(text)}" ist keine Zahl; nur numerische Kennungen werden unterstützt.`,
        `The day profile id "${short(text)}" is not a number; only numeric ids are supported.`,
      );
      return -1;
    }
    return n;
  }

  private finish(): Ar2418Document | undefined {
    const doc = this.document;
    if (!doc) return undefined;
    if (this.usesV14) doc.schemaVersion = '1.4';
    const isSupplier = doc.usagePoints.length > 0 && doc.usagePoints.every((up) => up.analysisProfile && up.meterReadings.length === 0);
    doc.kind = isSupplier ? 'supplier' : 'device';
    sortDocument(doc, (block, order) => {
      const p = this.locations.readingPositions(block);
      if (!p) return;
      p.lines = order.map((i) => p.lines[i] ?? 0);
      p.columns = order.map((i) => p.columns[i] ?? 0);
      p.ordinals = order.map((i) => p.ordinals[i] ?? 0);
    });
    return doc;
  }
}
