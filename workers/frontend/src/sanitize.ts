/**
 * The profile sanitizer: an allow-list that re-serializes.
 *
 * Input HTML is tokenized, and the output is written from scratch: only allowed
 * tags, only allowed attributes with checked values, every text run and value
 * escaped again. Nothing from the input reaches the page verbatim, so a quirk
 * in how this tokenizer reads odd input can only change which harmless text
 * comes out, never let markup through.
 *
 * The output is also shaped so that a browser builds exactly the tree we
 * emitted: every element is closed explicitly, and wherever the HTML parser
 * would close elements on its own (a <p> before a block, a second <li>, a new
 * table cell, a nested <a>) we close them first. That is what keeps a profile
 * inside `<div id="profile">`: the browser never pops an element we still think
 * is open, so no emitted end tag can close the box around the profile, and no
 * formatting element is left over to be re-opened after it.
 */

declare const sanitizedBrand: unique symbol;
/** HTML that came out of sanitizeProfileHtml and may be inserted unescaped. */
export type SanitizedHtml = string & { readonly [sanitizedBrand]: true };

const VOID_ELEMENTS = new Set(["br", "hr", "img"]);

const ALLOWED_ELEMENTS = new Set([
  "b", "i", "u", "em", "strong", "small", "sub", "sup", "s", "del", "ins", "mark", "code", "pre", "kbd",
  "q", "blockquote", "cite", "abbr", "p", "br", "hr", "div", "span",
  "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
  "table", "thead", "tbody", "tr", "th", "td", "caption", "a", "img",
]);

/** Their content is not markup; the tokenizer skips it whole (and the element is dropped). */
const RAW_TEXT_ELEMENTS = new Set([
  "script", "style", "iframe", "noscript", "noembed", "noframes", "xmp", "textarea", "title", "plaintext",
]);

/** Disallowed elements whose content goes with them (foreign or fallback content, option lists). */
const DROP_WITH_CONTENT = new Set(["svg", "math", "template", "object", "applet", "select", "datalist", "frameset", "head"]);

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** Start tags before which the HTML parser closes an open <p>. */
const CLOSES_P = new Set([
  "blockquote", "div", "dl", "ol", "p", "ul", "pre", "table", "hr", "li", "dd", "dt", ...HEADINGS,
]);

/** The HTML "special" elements among ours: the parser's <li>/<dd>/<dt> search stops at them. */
const SPECIAL = new Set([
  "blockquote", "br", "caption", "dd", "div", "dl", "dt", "hr", "img", "li", "ol", "p", "pre",
  "table", "tbody", "td", "th", "thead", "tr", "ul", ...HEADINGS,
]);

/** Elements that are only ever emitted as the direct child of one of the listed parents. */
const REQUIRED_PARENT: Record<string, Set<string>> = {
  caption: new Set(["table"]),
  thead: new Set(["table"]),
  tbody: new Set(["table"]),
  tr: new Set(["table", "thead", "tbody"]),
  td: new Set(["tr"]),
  th: new Set(["tr"]),
};

/** Inside these (outside a cell) the parser would move content out of the table, so only table parts may appear. */
const TABLE_CONTEXT = new Set(["table", "thead", "tbody", "tr"]);
/** Scope boundaries (HTML "in scope" rules) among the elements we emit. */
const CELL_BOUNDARIES = new Set(["table", "td", "th", "caption"]);

/** Deeper nesting is dropped (the content stays); browsers flatten very deep trees on their own. */
const MAX_DEPTH = 64;

const LINK_REL = "nofollow noopener noreferrer";

// ---------------------------------------------------------------- tokenizer

type Attribute = [name: string, rawValue: string];
type Token =
  | { type: "text"; raw: string }
  | { type: "start"; name: string; attrs: Attribute[]; selfClosing: boolean }
  | { type: "end"; name: string };

const isAsciiAlpha = (ch: string | undefined) => ch !== undefined && /^[A-Za-z]$/.test(ch);
const isSpace = (ch: string | undefined) => ch === " " || ch === "\t" || ch === "\n" || ch === "\f" || ch === "\r";
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

interface ParsedTag {
  name: string;
  attrs: Attribute[];
  /** Written as "<name ... />"; matters only for the foreign elements we drop. */
  selfClosing: boolean;
  /** Index just past the closing ">". */
  end: number;
}

/** Reads a tag starting at the tag name (just after "<" or "</"); null when the input ends inside it. */
function parseTag(html: string, from: number): ParsedTag | null {
  const n = html.length;
  let j = from;
  while (j < n && !isSpace(html[j]) && html[j] !== "/" && html[j] !== ">") j++;
  const name = asciiLower(html.slice(from, j));
  const attrs: Attribute[] = [];
  for (;;) {
    while (j < n && isSpace(html[j])) j++;
    if (j >= n) return null;
    if (html[j] === ">") return { name, attrs, selfClosing: false, end: j + 1 };
    if (html[j] === "/") {
      j++;
      if (html[j] === ">") return { name, attrs, selfClosing: true, end: j + 1 };
      continue;
    }
    // An attribute name may begin with "=", as in the HTML tokenizer.
    const nameStart = j++;
    while (j < n && !isSpace(html[j]) && html[j] !== "/" && html[j] !== ">" && html[j] !== "=") j++;
    const attrName = asciiLower(html.slice(nameStart, j));
    while (j < n && isSpace(html[j])) j++;
    let value = "";
    if (html[j] === "=") {
      j++;
      while (j < n && isSpace(html[j])) j++;
      if (j >= n) return null;
      const quote = html[j];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, j + 1);
        if (close === -1) return null;
        value = html.slice(j + 1, close);
        j = close + 1;
      } else {
        const valueStart = j;
        while (j < n && !isSpace(html[j]) && html[j] !== ">") j++;
        value = html.slice(valueStart, j);
      }
    }
    attrs.push([attrName, value]);
  }
}

/** Index just past the end tag that closes raw text element `name`, or the end of input. */
function skipRawText(html: string, from: number, name: string): number {
  const endTag = new RegExp(`</${name}[\\t\\n\\f\\r />]`, "gi");
  endTag.lastIndex = from;
  const found = endTag.exec(html);
  if (!found) return html.length;
  const tag = parseTag(html, found.index + 2);
  return tag ? tag.end : html.length;
}

/** Index just past a comment starting at "<!--" (HTML rules: "<!-->", "-->", "--!>", or end of input). */
function skipComment(html: string, at: number): number {
  const body = at + 4;
  if (html.startsWith(">", body)) return body + 1;
  if (html.startsWith("->", body)) return body + 2;
  const candidates = [html.indexOf("-->", body), html.indexOf("--!>", body)].filter((k) => k !== -1);
  if (candidates.length === 0) return html.length;
  const k = Math.min(...candidates);
  return k + (html.startsWith("-->", k) ? 3 : 4);
}

function skipPast(html: string, at: number, ch: string): number {
  const k = html.indexOf(ch, at);
  return k === -1 ? html.length : k + 1;
}

function* tokenize(html: string): Generator<Token> {
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      yield { type: "text", raw: html.slice(i) };
      return;
    }
    if (lt > i) yield { type: "text", raw: html.slice(i, lt) };
    i = lt;
    const next = html[i + 1];
    if (html.startsWith("<!--", i)) {
      i = skipComment(html, i);
    } else if (next === "!" || next === "?") {
      // Doctype, CDATA, processing instruction: all bogus comments here, dropped.
      i = skipPast(html, i, ">");
    } else if (next === "/") {
      if (isAsciiAlpha(html[i + 2])) {
        const tag = parseTag(html, i + 2);
        if (!tag) return;
        yield { type: "end", name: tag.name };
        i = tag.end;
      } else {
        // "</>" is ignored; "</" before anything else opens a bogus comment.
        i = skipPast(html, i, ">");
      }
    } else if (isAsciiAlpha(next)) {
      const tag = parseTag(html, i + 1);
      if (!tag) return;
      yield { type: "start", name: tag.name, attrs: tag.attrs, selfClosing: tag.selfClosing };
      i = tag.end;
      if (RAW_TEXT_ELEMENTS.has(tag.name)) {
        if (tag.name === "plaintext") return;
        i = skipRawText(html, i, tag.name);
      }
    } else {
      yield { type: "text", raw: "<" };
      i++;
    }
  }
}

// ---------------------------------------------------------------- escaping and values

/** Text: keep well-formed character references, escape every other "&" and all angle brackets. */
export function escapeTextKeepingReferences(raw: string): string {
  return raw
    .replace(/\0/g, "\uFFFD")
    .replace(/&(?:[A-Za-z][A-Za-z0-9]{0,31};|#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};)?|[<>]/g, (m) =>
      m === "<" ? "&lt;" : m === ">" ? "&gt;" : m.length > 1 ? m : "&amp;",
    );
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/**
 * Enough named references to read real-world attribute values. A name missing
 * here is left as literal text, and since values are re-escaped after decoding,
 * the browser then sees that literal text too: it can never decode to anything
 * we did not check.
 */
const NAMED_REFERENCES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0", colon: ":", semi: ";", comma: ",",
  period: ".", sol: "/", bsol: "\\", lpar: "(", rpar: ")", excl: "!", quest: "?", num: "#", percnt: "%",
  equals: "=", plus: "+", commat: "@", lowbar: "_", Tab: "\t", NewLine: "\n", grave: "`", copy: "\u00A9",
  reg: "\u00AE", hellip: "\u2026", mdash: "\u2014", ndash: "\u2013",
};

function codePointText(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\uFFFD";
  return String.fromCodePoint(cp);
}

export function decodeCharacterReferences(value: string): string {
  return value.replace(/&(?:#[xX]([0-9A-Fa-f]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]*);)/g, (m, hex, dec, name) => {
    // Over-long numbers parse to huge values (or Infinity), which codePointText turns into U+FFFD.
    if (hex !== undefined) return codePointText(parseInt(hex, 16));
    if (dec !== undefined) return codePointText(parseInt(dec, 10));
    return Object.hasOwn(NAMED_REFERENCES, name) ? NAMED_REFERENCES[name] : m;
  });
}

/** An absolute http(s) URL in normalized form, or null. The value is decoded first, so entity tricks cannot hide a scheme. */
export function safeHttpUrl(rawValue: string): string | null {
  let url: URL;
  try {
    // The URL parser itself strips surrounding spaces/controls and removes tabs and newlines, as browsers do.
    url = new URL(decodeCharacterReferences(rawValue));
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.href;
}

function digitsOnly(rawValue: string): string | null {
  const value = decodeCharacterReferences(rawValue).trim();
  return /^[0-9]{1,4}$/.test(value) ? value : null;
}

type AttributeCheck = (rawValue: string) => string | null;
const plainText: AttributeCheck = (raw) => decodeCharacterReferences(raw);

/** Allowed attributes per element; "title" is text and allowed everywhere. No id, class, style or event handlers. */
const ALLOWED_ATTRIBUTES: Record<string, Record<string, AttributeCheck>> = {
  a: { href: safeHttpUrl },
  img: { src: safeHttpUrl, alt: plainText, width: digitsOnly, height: digitsOnly },
  td: { colspan: digitsOnly, rowspan: digitsOnly },
  th: { colspan: digitsOnly, rowspan: digitsOnly },
  ol: { start: digitsOnly },
};

function serializeAttributes(tag: string, attrs: Attribute[]): Map<string, string> {
  const kept = new Map<string, string>();
  const seen = new Set<string>();
  for (const [name, raw] of attrs) {
    // As in HTML, the first of duplicate attributes wins.
    if (seen.has(name)) continue;
    seen.add(name);
    const check = name === "title" ? plainText : ALLOWED_ATTRIBUTES[tag]?.[name];
    if (!check) continue;
    const value = check(raw);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

// ---------------------------------------------------------------- tree building

class ProfileWriter {
  private readonly out: string[] = [];
  private readonly open: string[] = [];

  get current(): string | undefined {
    return this.open[this.open.length - 1];
  }

  text(raw: string): void {
    if (this.current !== undefined && TABLE_CONTEXT.has(this.current)) {
      // Text here would be moved out of the table by the browser; keep only the layout white space.
      const spaces = raw.replace(/[^\t\n\f\r ]/g, "");
      if (spaces) this.out.push(spaces);
      return;
    }
    this.out.push(escapeTextKeepingReferences(raw));
  }

  start(name: string, attrs: Attribute[]): void {
    this.closeImplied(name);
    const required = REQUIRED_PARENT[name];
    const parent = this.current;
    if (required ? parent === undefined || !required.has(parent) : parent !== undefined && TABLE_CONTEXT.has(parent)) {
      return;
    }
    if (this.open.length >= MAX_DEPTH) return;

    const kept = serializeAttributes(name, attrs);
    if (name === "img" && !kept.has("src")) return;
    if (name === "a" && kept.has("href")) kept.set("rel", LINK_REL);
    let tag = `<${name}`;
    for (const [attr, value] of kept) tag += ` ${attr}="${escapeAttribute(value)}"`;
    this.out.push(tag + ">");
    if (!VOID_ELEMENTS.has(name)) this.open.push(name);
  }

  end(name: string): void {
    if (VOID_ELEMENTS.has(name)) return;
    // Like the parser's "in scope": an end tag does not reach out of a table cell or table.
    const boundaries = name === "table" ? new Set<string>() : REQUIRED_PARENT[name] ? new Set(["table"]) : CELL_BOUNDARIES;
    const at = this.find((node) => node === name, boundaries);
    if (at !== -1) this.closeThrough(at);
  }

  finish(): SanitizedHtml {
    this.closeThrough(0);
    return this.out.join("") as SanitizedHtml;
  }

  /** Close, explicitly, what the HTML parser would close on its own before opening `name`. */
  private closeImplied(name: string): void {
    if (name === "li" || name === "dd" || name === "dt") {
      const siblings = name === "li" ? ["li"] : ["dd", "dt"];
      for (let k = this.open.length - 1; k >= 0; k--) {
        const node = this.open[k];
        if (siblings.includes(node)) {
          this.closeThrough(k);
          break;
        }
        if (SPECIAL.has(node) && node !== "div" && node !== "p") break;
      }
    }
    if (CLOSES_P.has(name)) {
      const p = this.find((node) => node === "p", CELL_BOUNDARIES);
      if (p !== -1) this.closeThrough(p);
    }
    if (HEADINGS.has(name) && this.current !== undefined && HEADINGS.has(this.current)) {
      this.closeThrough(this.open.length - 1);
    }
    if (name === "a") {
      const a = this.open.lastIndexOf("a");
      if (a !== -1) this.closeThrough(a);
    }
    if (name === "td" || name === "th") this.closeWithinTable((node) => node === "td" || node === "th");
    if (name === "tr") this.closeWithinTable((node) => node === "tr");
    if (name === "thead" || name === "tbody") this.closeWithinTable((node) => node === "thead" || node === "tbody");
    if (name === "caption") this.closeWithinTable((node) => node === "caption");
  }

  private closeWithinTable(match: (node: string) => boolean): void {
    const at = this.find(match, new Set(["table"]));
    if (at !== -1) this.closeThrough(at);
  }

  /** Index of the innermost open element matching, searching outwards and stopping at a boundary element. */
  private find(match: (node: string) => boolean, boundaries: Set<string>): number {
    for (let k = this.open.length - 1; k >= 0; k--) {
      if (match(this.open[k])) return k;
      if (boundaries.has(this.open[k])) return -1;
    }
    return -1;
  }

  private closeThrough(index: number): void {
    while (this.open.length > index) this.out.push(`</${this.open.pop()}>`);
  }
}

/** Profile HTML to the safe subset, as a string that may be inserted into a page unescaped. */
export function sanitizeProfileHtml(input: string): SanitizedHtml {
  const writer = new ProfileWriter();
  // Inside a dropped element (svg, template, ...) everything is skipped until its matching end tag.
  let dropping: { name: string; depth: number } | null = null;
  for (const token of tokenize(input)) {
    if (dropping) {
      if (token.type === "start" && token.name === dropping.name && !token.selfClosing) dropping.depth++;
      if (token.type === "end" && token.name === dropping.name && --dropping.depth === 0) dropping = null;
      continue;
    }
    if (token.type === "text") writer.text(token.raw);
    else if (token.type === "start") {
      if (DROP_WITH_CONTENT.has(token.name)) {
        if (!token.selfClosing) dropping = { name: token.name, depth: 1 };
      }
      else if (ALLOWED_ELEMENTS.has(token.name)) writer.start(token.name, token.attrs);
    } else if (ALLOWED_ELEMENTS.has(token.name)) writer.end(token.name);
  }
  return writer.finish();
}
