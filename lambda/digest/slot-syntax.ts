/**
 * The one slot syntax of the digest, `{{name}}` or `{{name:argument}}`, for the three kinds of
 * slot: template slots ({{title}}, {{sections}}), the boundaries the compiled layout is cut at
 * ({{layout:section}}) and the recipient's parts a rendered digest keeps until it is personalised
 * ({{recipient-<nonce>:email}}). Braces pass mjml and escapeHtml unchanged.
 */
export function slot(name: string, argument?: string): string {
  return argument === undefined ? `{{${name}}}` : `{{${name}:${argument}}}`;
}

/** Every slot without an argument, such as {{title}}; group 1 is its name. */
export const TEMPLATE_SLOT_PATTERN = /\{\{(\w+)\}\}/g;

/** Every slot `{{name:argument}}` of one name; group 1 is the argument. `name` is letters, digits and dashes. */
export function slotsNamed(name: string, argument = '[a-z0-9-]+'): RegExp {
  if (!/^[\w-]+$/.test(name)) throw new Error(`slot name ${JSON.stringify(name)} is not letters, digits and dashes`);
  return new RegExp(`\\{\\{${name}:(${argument})\\}\\}`, 'g');
}
