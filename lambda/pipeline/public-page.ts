import { escapeHtml } from '../digest/escape-html.js';

/** An answer of the public endpoint (unsubscribe, signup, confirmation). */
export interface PublicResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Headers that replace the endpoint's defaults for this answer (a page with a script names its hash). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A small self-contained page: inline styles, system fonts, readable at 375 px, dark mode. */
export function page(title: string, content: string, status = 200, headers?: Readonly<Record<string, string>>): PublicResponse {
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    ...(headers ? { headers } : {}),
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>body{font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}
button{font:inherit;padding:.6rem 1rem;margin:.25rem 0;border-radius:6px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}button.secondary{background:#fff;color:#0b5cad}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}input[type=email],input[type=text],select{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #9aa5b1;border-radius:6px}
fieldset{border:1px solid #cbd2d9;border-radius:6px;margin:.75rem 0;padding:.5rem .75rem}fieldset label{display:inline-block;font-weight:400;margin:.25rem 1rem .25rem 0}
.hint{font-size:.9rem;color:#52606d}.error{color:#b00020;font-weight:600}.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
@media (prefers-color-scheme: dark){body{background:#0f1114;color:#e4e7eb}button.secondary{background:#0f1114}.hint{color:#9aa5b1}.error{color:#ff8a80}input,select{background:#1f2328;color:#e4e7eb}}</style></head>
<body><h1>${escapeHtml(title)}</h1>${content}</body></html>`,
  };
}
