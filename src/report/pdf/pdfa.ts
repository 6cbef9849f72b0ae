/**
 * What makes the PDF a PDF/A-3B archive file (ISO 19005-3): an XMP metadata packet that says so
 * (pdfaid:part 3, conformance B) and repeats the document information; an sRGB output intent with an ICC
 * profile (the report draws in DeviceRGB); a file identifier; the original files as associated files
 * (catalog /AF, AFRelationship, MIME subtype, modification date). Fonts are embedded by the font module;
 * nothing is encrypted, transparent or scripted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFHexString, PDFName, PDFString, type PDFDocument, type PDFRef } from 'pdf-lib';
import type { ReportAttachment } from '../types';
import { REPORT_RESOURCES } from './fonts';

export interface PdfAMetadata {
  title: string;
  subject: string;
  author: string;
  keywords: string[];
  /** The application that made the content. */
  creator: string;
  producer: string;
  /** BCP 47, e.g. de-DE. */
  language: string;
  /** Whole seconds. */
  created: Date;
}

let iccProfile: Uint8Array | undefined;

function srgbProfile(): Uint8Array {
  iccProfile ??= new Uint8Array(readFileSync(join(REPORT_RESOURCES, 'sRGB.icc')));
  return iccProfile;
}

export function applyPdfA(doc: PDFDocument, meta: PdfAMetadata): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setSubject(meta.subject);
  doc.setAuthor(meta.author);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.producer);
  doc.setCreationDate(meta.created);
  doc.setModificationDate(meta.created);
  doc.setLanguage(meta.language);

  const { context, catalog } = doc;
  // Uncompressed and UTF-8, so that archive tools find the packet by scanning the file.
  const xmp = context.stream(new TextEncoder().encode(xmpPacket(meta)), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(xmp));

  const profile = context.flateStream(srgbProfile(), { N: 3 });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: context.register(profile),
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
}

/**
 * Attaches each file byte for byte as a PDF/A-3 associated file: an EmbeddedFile stream (MIME subtype, size,
 * dates, MD5 check sum), a file specification with F/UF, description and AFRelationship, listed in the
 * EmbeddedFiles name tree (sorted by name) and in the catalog's /AF. Compressed with Node's zlib: pdf-lib's
 * own attach() deflates in JavaScript, several times slower on multi-megabyte read-outs.
 */
export function attachOriginals(doc: PDFDocument, attachments: ReportAttachment[], fallbackDate: Date): void {
  const { context, catalog } = doc;
  const sorted = [...attachments].sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  const names: (PDFHexString | PDFRef)[] = [];
  const associated: PDFRef[] = [];
  for (const file of sorted) {
    const date = PDFString.fromDate(file.modified ?? fallbackDate);
    const stream = context.stream(deflateSync(file.bytes), {
      Type: 'EmbeddedFile',
      Subtype: file.mimeType,
      Filter: 'FlateDecode',
      Params: { Size: file.bytes.length, CreationDate: date, ModDate: date, CheckSum: PDFHexString.of(createHash('md5').update(file.bytes).digest('hex')) },
    });
    const spec = context.register(
      context.obj({
        Type: 'Filespec',
        F: PDFString.of(asciiName(file.fileName)),
        UF: PDFHexString.fromText(file.fileName),
        EF: { F: context.register(stream), UF: context.register(stream) },
        Desc: PDFHexString.fromText(file.description),
        AFRelationship: file.relationship,
      }),
    );
    names.push(PDFHexString.fromText(file.fileName), spec);
    associated.push(spec);
  }
  if (associated.length === 0) return;
  catalog.set(PDFName.of('Names'), context.obj({ EmbeddedFiles: { Names: names } }));
  catalog.set(PDFName.of('AF'), context.obj(associated));
  // Viewers open the attachment list with the document.
  catalog.set(PDFName.of('PageMode'), PDFName.of('UseAttachments'));
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_');
}

/** The file identifier (trailer /ID), from the content that makes this report what it is. */
export function setFileId(doc: PDFDocument, seed: string): void {
  const id = createHash('sha256').update(seed).digest('hex').slice(0, 32).toUpperCase();
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

export function xmpPacket(meta: PdfAMetadata): string {
  const date = meta.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const lang = meta.language;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>${esc(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>${esc(lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>${esc(meta.producer)}</pdf:Producer>
   <pdf:Keywords>${esc(meta.keywords.join(' '))}</pdf:Keywords>
   <xmp:CreatorTool>${esc(meta.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <xmp:MetadataDate>${date}</xmp:MetadataDate>
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
${' '.repeat(100)}
<?xpacket end="w"?>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
