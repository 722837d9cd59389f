/**
 * Markup that is safe by construction. `html` is a tagged template: every interpolated value is
 * escaped for HTML text and attribute values (& < > " '), arrays are joined fragment by fragment, and
 * only a `Trusted` value passes through as it is. A `Trusted` value is made only here: by `html`
 * itself (whose literal parts are the tool's own code), and by `scriptJson` and `inlineScript`, which
 * keep their own escaping for the inside of a script element. Nothing read from a run folder or a
 * scenario file is ever trusted.
 *
 * @example html`<p title="${name}">${name}</p>` // name = '"><b>' gives <p title="&quot;&gt;&lt;b&gt;">…
 */

/** Module-private: no other module can make a Trusted value. */
const MINT = Symbol('trusted markup');

/** Markup the tool built itself; it is inserted into `html` templates unescaped. */
export class Trusted {
  readonly #markup: string;

  /** Not for use outside this module: the token is private, so the constructor refuses other callers. */
  constructor(token: symbol, markup: string) {
    if (token !== MINT) throw new TypeError('Trusted markup is made only by html`…`, scriptJson and inlineScript');
    this.#markup = markup;
  }

  /** The markup, for writing the finished document. */
  toString(): string {
    return this.#markup;
  }
}

/** What a template may interpolate: text and numbers (escaped), trusted markup, and lists of these. */
export type Interpolation = string | number | Trusted | readonly Interpolation[];

/** Escapes text for HTML element content and (quoted) attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The one place a string becomes markup; used only for the tool's own markup, below. */
function trustedMarkup(markup: string): Trusted {
  return new Trusted(MINT, markup);
}

function render(value: Interpolation): string {
  if (value instanceof Trusted) return value.toString();
  if (Array.isArray(value)) return (value as readonly Interpolation[]).map(render).join('');
  return escapeHtml(String(value));
}

/** True for the strings array of a real tagged template call (frozen, with `raw`), not a hand-made array. */
function isTemplate(strings: TemplateStringsArray): boolean {
  return Array.isArray(strings) && Object.isFrozen(strings) && Array.isArray((strings as { raw?: unknown }).raw);
}

/**
 * The template tag: literal parts as written, every interpolation escaped unless it is `Trusted`,
 * arrays rendered element by element with nothing between them.
 */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Trusted {
  if (!isTemplate(strings)) throw new TypeError('html must be used as a template tag: html`…`');
  let out = strings[0];
  for (let k = 0; k < values.length; k++) out += render(values[k]) + strings[k + 1];
  return trustedMarkup(out);
}

/** JSON safe inside a script element: no `<` (so no `</script>` or `<!--`), no line separators. */
export function scriptJson(value: unknown): Trusted {
  return trustedMarkup(JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}

/** A library's code made safe to inline: no source-map comment, no `</script`. */
export function inlineScript(code: string): Trusted {
  return trustedMarkup(code.replace(/\/\/# sourceMappingURL=\S*/g, '').replace(/<\/script/gi, '<\\/script'));
}
