/**
 * Part of the report page's script (`../client-script.ts`): element building shared by the report page and the serve dashboard page: `el(tag, cls, text)` sets
 * text through textContent only; `add(parent, ...children)` appends the non-null ones.
 *
 * Plain ES2017 inside String.raw: no backticks and no template placeholders inside.
 */
export const DOM_HELPERS = String.raw`
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function add(parent) { for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]); return parent; }
`;
