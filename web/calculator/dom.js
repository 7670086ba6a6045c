// Builds DOM nodes from data with textContent and attributes only: no innerHTML anywhere, so
// user text (CSV column names, pasted scores, bad-row reasons) can never become markup.

/**
 * h('p', {class: 'note', id: 'x'}, 'text', childNode, [more]) → an element. Attribute values
 * false/null/undefined are left out; true sets an empty attribute; `on` maps event → handler.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

let nextId = 0;
/** A document-unique id for label/aria wiring inside a shadow root. */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * The core's SVG text as a node for this document. The core escapes every text it puts in a
 * chart; parsing as image/svg+xml (never HTML) keeps it inert, and scripts or event attributes
 * are dropped anyway in case a future core version ever let one through.
 */
export function svgFromCore(svgText) {
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.nodeName !== 'svg' || parsed.querySelector('parsererror')) return null;
  for (const script of root.querySelectorAll('script, foreignObject')) script.remove();
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const attribute of [...element.attributes]) {
      if (/^on/i.test(attribute.name) || attribute.name === 'style') element.removeAttribute(attribute.name);
    }
  }
  return document.importNode(root, true);
}

/** Replaces a node's children, skipping null/false (parts of a view that do not apply). */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}
