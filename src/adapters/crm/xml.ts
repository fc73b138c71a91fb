// A small, strict XML reader for SOAP messages (Salesforce outbound messaging): elements, attributes, text, CDATA and
// the predefined and numeric entities. A DOCTYPE is refused, so no entity expansion or external reference can happen.
export type XmlElement = {
  /** The name without its namespace prefix (`sf:StageName` -> `StageName`). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, its children's left out. */
  text: string;
};

export class XmlError extends Error {}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string, at: number): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?/g, (m, e: string) => {
    if (!m.endsWith(';')) throw new XmlError(`an & not ending an entity near character ${at}`);
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    const v = entities[e];
    if (v === undefined) throw new XmlError(`unknown entity &${e}; near character ${at}`);
    return v;
  });
}

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/** Parses a document and returns its root element; throws XmlError naming what is wrong. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const nameRe = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
  const readName = () => {
    nameRe.lastIndex = i;
    const m = nameRe.exec(source);
    if (!m) throw new XmlError(`a name expected at character ${i}`);
    i = nameRe.lastIndex;
    return m[0];
  };
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i]!)) i++;
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > i) {
      const text = source.slice(i, textEnd);
      if (stack.length > 0) stack[stack.length - 1]!.text += decode(text, i);
      else if (text.trim()) throw new XmlError(`text outside the root element at character ${i}`);
    }
    if (lt < 0) break;
    i = lt;
    if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i);
      if (end < 0) throw new XmlError('an unterminated <? ... ?>');
      i = end + 2;
    } else if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) throw new XmlError('an unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) throw new XmlError('a CDATA section outside an element or unterminated');
      stack[stack.length - 1]!.text += source.slice(i + 9, end);
      i = end + 3;
    } else if (source.startsWith('<!', i)) {
      throw new XmlError('a DOCTYPE or declaration is not accepted');
    } else if (source.startsWith('</', i)) {
      i += 2;
      const name = localName(readName());
      skipSpace();
      if (source[i] !== '>') throw new XmlError(`> expected at character ${i}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`</${name}> does not close <${open?.name ?? 'nothing'}>`);
    } else {
      i++;
      const element: XmlElement = { name: localName(readName()), attributes: {}, children: [], text: '' };
      for (;;) {
        skipSpace();
        if (source.startsWith('/>', i) || source[i] === '>') break;
        if (i >= source.length) throw new XmlError(`<${element.name}> is not closed`);
        const attr = readName();
        skipSpace();
        if (source[i] !== '=') throw new XmlError(`= expected after ${attr} at character ${i}`);
        i++;
        skipSpace();
        const quote = source[i];
        if (quote !== '"' && quote !== "'") throw new XmlError(`a quoted value expected for ${attr} at character ${i}`);
        const end = source.indexOf(quote, i + 1);
        if (end < 0) throw new XmlError(`the value of ${attr} is not closed`);
        element.attributes[attr] = decode(source.slice(i + 1, end), i);
        i = end + 1;
      }
      const selfClosing = source[i] === '/';
      i += selfClosing ? 2 : 1;
      if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
      else if (root) throw new XmlError('more than one root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) throw new XmlError(`<${stack[stack.length - 1]!.name}> is not closed`);
  if (!root) throw new XmlError('no element');
  return root;
}

export const child = (e: XmlElement | undefined, name: string): XmlElement | undefined => e?.children.find((c) => c.name === name);
export const childrenNamed = (e: XmlElement | undefined, name: string): XmlElement[] => e?.children.filter((c) => c.name === name) ?? [];
