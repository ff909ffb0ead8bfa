/** A piece of a text mail body: plain text, or a link to render as an `<a>` element. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; href: string };

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>»]+$/;

/** Splits a plain-text body into text and http(s) links (trailing punctuation stays text). */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let href = match[0];
    const trailing = TRAILING_PUNCTUATION.exec(href)?.[0] ?? '';
    href = href.slice(0, href.length - trailing.length);
    if (!href) {
      continue;
    }
    if (start > last) {
      segments.push({ kind: 'text', text: text.slice(last, start) });
    }
    segments.push({ kind: 'link', href });
    last = start + href.length;
  }
  if (last < text.length) {
    segments.push({ kind: 'text', text: text.slice(last) });
  }
  return segments;
}

/** Every distinct http(s) link of a mail, from its text body and its HTML anchors, in order. */
export function extractLinks(text: string, html: string | null): string[] {
  const links = linkify(text)
    .filter((segment): segment is { kind: 'link'; href: string } => segment.kind === 'link')
    .map((segment) => segment.href);
  if (html && typeof DOMParser !== 'undefined') {
    const document = new DOMParser().parseFromString(html, 'text/html');
    for (const anchor of Array.from(document.querySelectorAll('a[href]'))) {
      const href = anchor.getAttribute('href') ?? '';
      if (/^https?:\/\//i.test(href)) {
        links.push(href);
      }
    }
  }
  return [...new Set(links)];
}
