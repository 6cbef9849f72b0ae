/**
 * HTML pages as an element tree (htmlparser2: forgiving about real-world markup), looked up by element id.
 * Gateway HTML is parsed by ids only; every lookup that fails names the page and the element, so an
 * unknown page layout ends in a precise error instead of wrong data.
 */
import { Parser } from 'htmlparser2';
import { ProtocolError } from '../../errors';

export interface HtmlElement {
  name: string;
  attributes: Record<string, string>;
  children: HtmlElement[];
  parent: HtmlElement | undefined;
  /** Text directly inside and in all descendants, whitespace collapsed. */
  readonly text: string;
}

class Element implements HtmlElement {
  children: HtmlElement[] = [];
  ownText: string[] = [];
  constructor(
    readonly name: string,
    readonly attributes: Record<string, string>,
    readonly parent: HtmlElement | undefined,
  ) {}

  /** Own text and children's text in document order. */
  parts: (string | Element)[] = [];

  get text(): string {
    const out: string[] = [];
    const walk = (e: Element): void => {
      for (const p of e.parts) {
        if (typeof p === 'string') out.push(p);
        else walk(p);
      }
    };
    walk(this);
    return out.join('').replace(/\s+/g, ' ').trim();
  }
}

const MAX_ELEMENTS = 2_000_000;

/** Thrown for anything on a gateway page that is not as expected: names the page and the element. */
export class HtmlPageError extends ProtocolError {
  constructor(
    readonly page: string,
    readonly element: string,
    detail: string,
  ) {
    super(`page "${page}", element ${element}: ${detail} (unknown page layout: please send a diagnostics export / Seitenaufbau unbekannt: bitte Diagnose-Export senden)`);
  }
}

export class HtmlPage {
  readonly root: HtmlElement;
  private readonly ids = new Map<string, HtmlElement[]>();

  constructor(
    html: string,
    /** Which page this is, for error messages ("showMeterValues"). */
    readonly name: string,
  ) {
    const root = new Element('#document', {}, undefined);
    const stack: Element[] = [root];
    let count = 0;
    const parser = new Parser(
      {
        onopentag: (tagName, attributes) => {
          if (++count > MAX_ELEMENTS) throw new HtmlPageError(name, tagName, `more than ${MAX_ELEMENTS} elements`);
          const parent = stack.at(-1)!;
          const element = new Element(tagName, attributes, parent);
          parent.children.push(element);
          parent.parts.push(element);
          stack.push(element);
          const id = attributes.id;
          if (id !== undefined) {
            const list = this.ids.get(id) ?? [];
            list.push(element);
            this.ids.set(id, list);
          }
        },
        ontext: (text) => stack.at(-1)!.parts.push(text),
        onclosetag: () => {
          if (stack.length > 1) stack.pop();
        },
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    );
    parser.write(html);
    parser.end();
    this.root = root;
  }

  /** All elements with this id (PPC repeats cell ids in every row). */
  all(id: string): HtmlElement[] {
    return this.ids.get(id) ?? [];
  }

  one(id: string): HtmlElement {
    const list = this.all(id);
    if (list.length === 0) throw new HtmlPageError(this.name, `#${id}`, 'missing');
    if (list.length > 1) throw new HtmlPageError(this.name, `#${id}`, `${list.length} times instead of once`);
    return list[0]!;
  }

  optional(id: string): HtmlElement | undefined {
    return this.all(id)[0];
  }

  fail(element: string, detail: string): never {
    throw this.error(element, detail);
  }

  error(element: string, detail: string): HtmlPageError {
    return new HtmlPageError(this.name, element, detail);
  }
}

/** Descendants (depth first) with this tag name. */
export function descendants(element: HtmlElement, tag: string): HtmlElement[] {
  const out: HtmlElement[] = [];
  const walk = (e: HtmlElement): void => {
    for (const c of e.children) {
      if (c.name === tag) out.push(c);
      walk(c);
    }
  };
  walk(element);
  return out;
}

/** The descendant with this id (cell ids repeat per row, so they are looked up inside the row). */
export function childById(element: HtmlElement, id: string): HtmlElement | undefined {
  for (const c of element.children) {
    if (c.attributes.id === id) return c;
    const found = childById(c, id);
    if (found) return found;
  }
  return undefined;
}
