import { describe, expect, it } from 'vitest';
import { escapeHtml, html, inlineScript, scriptJson, Trusted } from '../../src/report/markup.js';

/** Strings a hostile run folder could hold, to interpolate in text and in attribute values. */
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(2)</script>',
  '"><svg onload=alert(3)>',
  "' onmouseover='alert(4)",
  '&lt;already escaped&gt;',
  '<!-- comment',
  '<<>>""\'\'&&',
  '\u2028\u2029<\u0000>',
  'plain text',
  '',
];

describe('html template', () => {
  it('escapes every interpolation: & < > " \'', () => {
    expect(String(html`<p>${'a & b < c > d " e \' f'}</p>`)).toBe('<p>a &amp; b &lt; c &gt; d &quot; e &#39; f</p>');
    expect(String(html`<a title="${'x" onclick="y'}">${1}</a>`)).toBe('<a title="x&quot; onclick=&quot;y">1</a>');
  });

  it('passes markup built by the template itself, and nested arrays of fragments', () => {
    const item = (s: string) => html`<li>${s}</li>`;
    const list = html`<ul>${['a', '<b>'].map(item)}</ul>`;
    expect(String(list)).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>');
    expect(String(html`<div>${[[html`<i>1</i>`, ['<2>', [html`<b>3</b>`]]], 4]}</div>`)).toBe('<div><i>1</i>&lt;2&gt;<b>3</b>4</div>');
  });

  it('passes the JSON-in-script and inlined code with their own escaping', () => {
    const json = scriptJson({ s: '</script><script>alert(1)</script>', t: '\u2028' });
    expect(String(json)).not.toContain('<');
    expect(String(json)).toContain('\\u003c/script>');
    expect(JSON.parse(String(json))).toEqual({ s: '</script><script>alert(1)</script>', t: '\u2028' });
    expect(String(html`<script>${json}</script>`)).toBe(`<script>${String(json)}</script>`);
    const code = inlineScript('var a = "</script>";\n//# sourceMappingURL=a.map');
    expect(String(code)).toBe('var a = "<\\/script>";\n');
  });

  it('makes Trusted values only itself: a string is never trusted, a hand-made Trusted is refused', () => {
    expect(() => new Trusted(Symbol('trusted markup'), '<b>')).toThrow(TypeError);
    const fake = Object.assign(['<b>'], { raw: ['<b>'] }) as unknown as TemplateStringsArray;
    expect(() => html(fake)).toThrow(TypeError);
    expect(String(html`${{ toString: () => '<b>' } as unknown as string}`)).toBe('&lt;b&gt;');
  });

  it.each(HOSTILE)('no interpolated string can open a tag or leave an attribute: %j', (s) => {
    const out = String(html`<p class="${s}" title='${s}'>${s}</p><ul>${[s, [s]]}</ul>`);
    const escaped = escapeHtml(s);
    expect(out).toBe(`<p class="${escaped}" title='${escaped}'>${escaped}</p><ul>${escaped}${escaped}</ul>`);
    // The only < and quotes left are the template's own.
    expect(out.match(/</g)?.length).toBe(4);
    expect(out.match(/"/g)?.length).toBe(2);
    expect(out.match(/'/g)?.length).toBe(2);
  });

  it('every string of every code unit class is escaped (exhaustive over ASCII and a sample beyond)', () => {
    const units = [...Array.from({ length: 128 }, (_, k) => String.fromCharCode(k)), '\u00e9', '\u2028', '\ud83d\ude00', '\ufffd'];
    for (const a of units) {
      for (const b of ['<', '"', "'", '&', '>', 'x']) {
        const s = a + b + a;
        const out = String(html`<i title="${s}">${s}</i>`);
        expect(out.slice('<i title="'.length, out.indexOf('">'))).not.toMatch(/[<>"']/);
        expect(out.slice(out.indexOf('">') + 2, -'</i>'.length)).not.toMatch(/[<>"']/);
      }
    }
  });
});
