import { SaxesParser } from 'saxes';

/** An element as the tests look at it: namespace, local name, attributes, child elements and its text. */
export interface XmlElement {
  readonly namespace: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

/**
 * Parses XML with saxes, a strictly conforming XML 1.0 parser (it refuses characters XML forbids,
 * undeclared entities, bare ampersands and mismatched tags), into a small tree; throws on the
 * first well-formedness or namespace error.
 */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      namespace: tag.uri ?? '',
      name: tag.local ?? tag.name,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((attribute) => [attribute.local, attribute.value])),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (failure) throw failure;
  if (!root) throw new Error('no root element');
  return root;
}

/** The child elements of `element` with this local name. */
export const childrenNamed = (element: XmlElement, name: string) => element.children.filter((child) => child.name === name);

/** The one child element with this local name; throws when there is none or more. */
export function childNamed(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name);
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}>, expected one`);
  return found[0]!;
}
