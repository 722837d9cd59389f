/** Small DOM helpers for the explorer: elements built with text nodes only, never parsed markup. */

type Props = Record<string, string | boolean>;

/** An element with properties (or attributes, for names with a dash) and children (text or elements). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.includes('-') || k === 'role' || k === 'scope' || k === 'download' || k === 'max' || k === 'value') node.setAttribute(k, String(v));
    else (node as unknown as Record<string, unknown>)[k] = v;
  }
  node.append(...children);
  return node;
}

/** A labelled control in `parent`: the label, the input, and an output that says its value. */
function row<T extends HTMLInputElement | HTMLSelectElement>(parent: HTMLElement, id: string, label: string, input: T): { input: T; output: HTMLOutputElement } {
  input.id = id;
  const output = el('output', { htmlFor: id, id: `${id}-value` });
  input.setAttribute('aria-describedby', output.id);
  // An output is a live region by default; these change with every step of their control, which
  // already says its value, so they are read when the control is, not announced.
  output.setAttribute('aria-live', 'off');
  parent.append(el('div', { className: 'control' }, [el('label', { htmlFor: id }, [label]), input, output]));
  return { input, output };
}

/** A range input (keyboard: arrows by one step, Page Up/Down by a tenth). */
export function rangeRow(parent: HTMLElement, id: string, label: string, min: number, max: number, step: number) {
  return row(parent, id, label, el('input', { type: 'range', min: String(min), max: String(max), step: String(step) }));
}

/** A drop-down of `options`. */
export function selectRow(parent: HTMLElement, id: string, label: string, options: readonly string[]) {
  return row(parent, id, label, el('select', {}, options.map((o) => el('option', { value: o }, [o]))));
}
