import { extractLinks, linkify } from './linkify';

describe('linkify', () => {
  it('splits text and links, leaving trailing punctuation out of the link', () => {
    expect(linkify('Activate: https://sesame.example/activate?c=AB12. Thanks')).toEqual([
      { kind: 'text', text: 'Activate: ' },
      { kind: 'link', href: 'https://sesame.example/activate?c=AB12' },
      { kind: 'text', text: '. Thanks' },
    ]);
  });

  it('keeps text without links as one segment', () => {
    expect(linkify('No link here.')).toEqual([{ kind: 'text', text: 'No link here.' }]);
  });

  it('does not turn other schemes into links', () => {
    expect(linkify('javascript:alert(1) mailto:a@b.c').every((segment) => segment.kind === 'text')).toBe(true);
  });

  it('collects distinct links from the text and the HTML anchors', () => {
    const html = '<p><a href="https://sesame.example/a">A</a> <a href="javascript:x()">bad</a> <a href="https://sesame.example/b">B</a></p>';
    expect(extractLinks('See https://sesame.example/a', html)).toEqual([
      'https://sesame.example/a',
      'https://sesame.example/b',
    ]);
  });
});
