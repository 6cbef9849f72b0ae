/**
 * A small XML element tree for gateway responses (saxes, namespaces resolved), with limits on depth and
 * element count, and accessors that fail with the element path when something expected is missing.
 */
import { SaxesParser } from 'saxes';
import { ProtocolError } from '../../errors';

export interface XmlElement {
  /** Local name (without prefix). */
  name: string;
  /** Namespace URI (resolved from xmlns declarations in scope). */
  namespace: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text content directly inside this element (trimmed). */
  text: string;
  parent: XmlElement | undefined;
  /** `envelope-consumer-out/evaluation-profile/taf`, for error messages. */
  readonly path: string;
}

const MAX_DEPTH = 32;
const MAX_ELEMENTS = 2_000_000;

class Element implements XmlElement {
  children: XmlElement[] = [];
  text = '';

  constructor(
    readonly name: string,
    readonly namespace: string,
    readonly attributes: Record<string, string>,
    readonly parent: XmlElement | undefined,
    /** Namespace declarations in scope: prefix ('' = default) → URI. */
    readonly scope: Map<string, string>,
  ) {}

  get path(): string {
    return this.parent ? `${this.parent.path}/${this.name}` : this.name;
  }
}

/** Parses a whole document; `what` names it in errors ("GET /smgw/hgp/evp/"). */
export function parseXmlTree(bytes: Buffer, what: string): XmlElement {
  // Namespaces are resolved here (saxes' own xmlns mode costs a third of the parse time on large pages).
  const parser = new SaxesParser({ xmlns: false });
  const stack: Element[] = [];
  let root: Element | undefined;
  let count = 0;
  let failure: string | undefined;
  parser.on('error', (error) => {
    failure ??= error.message;
  });
  parser.on('opentag', (tag) => {
    if (failure) return;
    if (++count > MAX_ELEMENTS) failure = `more than ${MAX_ELEMENTS} elements`;
    if (stack.length >= MAX_DEPTH) failure = `nested deeper than ${MAX_DEPTH} elements`;
    const parent = stack.at(-1);
    let scope = parent?.scope ?? new Map<string, string>();
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes as Record<string, string>)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parent?.scope) scope = new Map(scope);
        scope.set(name === 'xmlns' ? '' : name.slice(6), value);
      } else {
        const colon = name.indexOf(':');
        attributes[colon < 0 ? name : name.slice(colon + 1)] = value;
      }
    }
    const colon = tag.name.indexOf(':');
    const prefix = colon < 0 ? '' : tag.name.slice(0, colon);
    const element = new Element(colon < 0 ? tag.name : tag.name.slice(colon + 1), scope.get(prefix) ?? '', attributes, parent, scope);
    if (parent) parent.children.push(element);
    else if (root) failure = 'more than one root element';
    else root = element;
    stack.push(element);
  });
  const onText = (text: string): void => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const element = stack.pop();
    if (element && element.text) element.text = element.text.trim();
  });
  try {
    parser.write(bytes.toString('utf8')).close();
  } catch (error) {
    failure ??= error instanceof Error ? error.message : String(error);
  }
  if (failure || !root) throw new ProtocolError(`${what}: not well-formed XML (${failure ?? 'empty'})`);
  return root;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function requireChild(element: XmlElement, name: string, what: string): XmlElement {
  const found = child(element, name);
  if (!found) throw new ProtocolError(`${what}: element ${element.path}/${name} is missing`);
  return found;
}

/** Text of a required child element, non-empty. */
export function requireText(element: XmlElement, name: string, what: string): string {
  const found = requireChild(element, name, what);
  if (!found.text) throw new ProtocolError(`${what}: element ${found.path} is empty`);
  return found.text;
}

export function optionalText(element: XmlElement, name: string): string | undefined {
  const found = child(element, name);
  return found?.text ? found.text : undefined;
}
